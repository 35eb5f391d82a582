import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// What a person (or support) needs when something looks wrong: the connection's numbers,
// the outbox, the token's expiry and where each room stands (epoch, seq).
Pane {
    id: root

    property alias roomsModel: roomRows.model

    padding: 16
    background: Rectangle {
        color: Theme.surface
        border.color: Theme.line
        radius: Theme.radius
    }

    component Field: RowLayout {
        id: field
        property string label
        property string value
        spacing: 12
        Label {
            Layout.preferredWidth: 120
            text: field.label
            color: Theme.subtleText
        }
        Label {
            Layout.fillWidth: true
            text: field.value === "" ? "–" : field.value
            color: Theme.text
            elide: Text.ElideMiddle
            font.family: Theme.monoFamily
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6

        Label {
            text: qsTr("Diagnostics")
            font.bold: true
            font.pointSize: Theme.fontSize * 1.2
            Layout.bottomMargin: 6
        }
        Field {
            label: qsTr("State")
            value: Session.stateName
        }
        Field {
            label: qsTr("Server")
            value: Session.serverUrl
        }
        Field {
            label: qsTr("Node")
            value: Session.node
        }
        Field {
            label: qsTr("Round trip")
            value: Session.rttMs >= 0 ? Session.rttMs + " ms" : ""
        }
        Field {
            label: qsTr("Attempt")
            value: String(Session.attempt)
        }
        Field {
            label: qsTr("Last error")
            value: Session.lastError
        }
        Field {
            label: qsTr("Outbox")
            value: qsTr("%n waiting for an ack", "", Session.outboxDepth)
        }
        Field {
            label: qsTr("Signed in as")
            value: Session.userId === "" ? "" : Session.userName + " (" + Session.userId + ")"
        }
        Field {
            label: qsTr("Token expires")
            value: Session.tokenExpiryText
        }

        Label {
            text: qsTr("Rooms")
            font.bold: true
            Layout.topMargin: 10
        }
        Repeater {
            id: roomRows
            delegate: RowLayout {
                id: roomRow
                required property string name
                required property string epoch
                required property var seq
                required property bool synced
                required property string recoveryText
                spacing: 12
                Label {
                    Layout.preferredWidth: 120
                    text: "#" + roomRow.name
                    color: Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    font.family: Theme.monoFamily
                    color: roomRow.recoveryText !== "" ? Theme.warning : Theme.text
                    text: qsTr("epoch %1 · seq %2 · %3").arg(roomRow.epoch === "" ? "–" : roomRow.epoch).arg(roomRow.seq).arg(roomRow.synced ? qsTr("synced") : qsTr("waiting")) + (roomRow.recoveryText !== "" ? " · " + roomRow.recoveryText : "")
                    elide: Text.ElideRight
                }
            }
        }
        Item {
            Layout.fillHeight: true
        }
    }
}
