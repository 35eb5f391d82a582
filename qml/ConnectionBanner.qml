import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One honest line about the connection: quiet when connected, coloured when not, with a
// Retry button while waiting to reconnect.
Rectangle {
    id: root

    property string text: ""
    property string level: "ok" // ok, busy, warning, error
    property bool canRetry: false
    readonly property bool quiet: level === "ok"

    signal retryClicked

    implicitHeight: row.implicitHeight + 2 * 6
    color: quiet ? Theme.sidebar : Qt.rgba(levelColor.r, levelColor.g, levelColor.b, Theme.dark ? 0.28 : 0.14)
    readonly property color levelColor: Theme.levelColor(level)

    Accessible.role: Accessible.StatusBar
    Accessible.name: text

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: root.quiet ? Theme.line : root.levelColor
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 8
        spacing: Theme.spacing

        Rectangle {
            objectName: "dot"
            width: 8
            height: 8
            radius: 4
            color: root.levelColor
        }
        Label {
            objectName: "bannerLabel"
            Layout.fillWidth: true
            text: root.text
            color: root.quiet ? Theme.subtleText : Theme.text
            font.bold: !root.quiet
            elide: Text.ElideRight
        }
        Button {
            objectName: "retryButton"
            visible: root.canRetry
            text: qsTr("Retry now")
            Accessible.name: qsTr("Retry connecting now")
            flat: true
            onClicked: root.retryClicked()
        }
    }
}
