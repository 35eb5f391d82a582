import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One message of a room. The first of a sender's run shows avatar, name and time; the rest
// are indented under it. Notifications are cards coloured by level, metrics one quiet line,
// unknown kinds readable JSON. One's own failed message offers Retry.
Item {
    id: root

    //! Retry pressed on this failed message; the view hands the id to its model.
    signal retryRequested(string clientMsgId)

    required property string senderName
    required property real senderHue
    required property string senderInitials
    required property bool own
    required property string timeText
    required property string kind
    required property string rawKind
    required property string text
    required property string title
    required property string level
    required property string metricText
    required property string metricName
    required property string prettyJson
    required property string deliveryState
    required property string deliveryError
    required property bool firstOfGroup
    required property string clientMsgId

    readonly property int gutter: 52

    implicitHeight: column.implicitHeight + (firstOfGroup ? 12 : 4)

    Label {
        // Continuation lines keep their time, quietly, where the avatar would be.
        visible: !root.firstOfGroup
        x: 4
        y: column.y + 2
        width: root.gutter - 12
        horizontalAlignment: Text.AlignRight
        text: root.timeText
        color: Theme.faintText
        font.pointSize: Theme.fontSize * 0.7
    }

    Avatar {
        visible: root.firstOfGroup
        x: 12
        y: 8
        size: 32
        initials: root.senderInitials
        hue: root.senderHue
    }

    ColumnLayout {
        id: column
        x: root.gutter
        y: root.firstOfGroup ? 8 : 2
        width: root.width - root.gutter - 16
        spacing: 2

        RowLayout {
            visible: root.firstOfGroup
            spacing: Theme.spacing
            Label {
                text: root.senderName
                font.bold: true
                color: root.own ? Theme.accent : Theme.text
            }
            Label {
                text: root.timeText
                color: Theme.faintText
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing

            // One of these shows, by kind (no Loader: the parts bind to this file's root).
            Label {
                objectName: "chatText"
                Layout.fillWidth: true
                visible: root.kind === "chat"
                text: visible ? root.text : ""
                wrapMode: Text.Wrap
                textFormat: Text.PlainText
                color: Theme.text
                opacity: root.deliveryState === "queued" || root.deliveryState === "sending" ? 0.6 : 1
            }
            NotificationCard {
                objectName: "notificationCard"
                Layout.fillWidth: true
                visible: root.kind === "notification"
                title: root.title
                text: root.text
                level: root.level
            }
            Label {
                Layout.fillWidth: true
                visible: root.kind === "metric"
                text: root.metricName + "  " + root.metricText
                font.family: Theme.monoFamily
                color: Theme.subtleText
            }
            ColumnLayout {
                Layout.fillWidth: true
                visible: root.kind === "unknown"
                spacing: 2
                Label {
                    text: qsTr("sent a “%1” message").arg(root.rawKind)
                    color: Theme.subtleText
                    font.italic: true
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: json.implicitHeight + 12
                    radius: Theme.radius
                    color: Theme.window
                    border.color: Theme.line
                    Label {
                        id: json
                        objectName: "prettyJson"
                        x: 8
                        y: 6
                        width: parent.width - 16
                        text: root.prettyJson
                        font.family: Theme.monoFamily
                        wrapMode: Text.WrapAnywhere
                        textFormat: Text.PlainText
                        color: Theme.text
                    }
                }
            }
            DeliveryState {
                objectName: "deliveryState"
                Layout.fillHeight: true
                verticalAlignment: Text.AlignTop
                deliveryState: root.deliveryState
                error: root.deliveryError
            }
        }

        // Refused for good (a read-only token, a room not allowed): why, and a way out.
        RowLayout {
            objectName: "failureLine"
            visible: root.deliveryState === "failed"
            Layout.fillWidth: true
            spacing: Theme.spacing

            Label {
                objectName: "failureReason"
                Layout.maximumWidth: column.width - retryButton.implicitWidth - Theme.spacing
                text: root.deliveryError !== "" ? qsTr("Not delivered: %1").arg(root.deliveryError) : qsTr("Not delivered")
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.error
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
            Button {
                id: retryButton
                objectName: "retryButton"
                // As small as its text: Fusion's default button is 80 px wide.
                implicitWidth: implicitContentWidth + leftPadding + rightPadding
                implicitHeight: implicitContentHeight + topPadding + bottomPadding
                topPadding: 2
                bottomPadding: 2
                leftPadding: 10
                rightPadding: 10
                text: qsTr("Retry")
                Accessible.name: qsTr("Retry sending this message")
                font.pointSize: Theme.fontSize * Theme.smallFont
                onClicked: root.retryRequested(root.clientMsgId)
            }
            Item {
                Layout.fillWidth: true
            }
        }
    }
}
