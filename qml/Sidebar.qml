import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// The left column: who is signed in, the rooms, and how to find more.
Rectangle {
    id: root

    property RoomListModel rooms

    signal roomSelected(string name)
    signal switcherRequested

    color: Theme.sidebar

    Rectangle {
        anchors.right: parent.right
        width: 1
        height: parent.height
        color: Theme.line
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        anchors.rightMargin: 11
        spacing: 6

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: 6
            spacing: 10
            Rectangle {
                width: 30
                height: 30
                radius: 8
                color: Theme.accent
                Label {
                    anchors.centerIn: parent
                    text: "R"
                    color: Theme.accentText
                    font.bold: true
                    font.pointSize: Theme.fontSize * 1.2
                }
            }
            ColumnLayout {
                spacing: 0
                Label {
                    text: qsTr("Roomcast")
                    font.bold: true
                    font.pointSize: Theme.fontSize * 1.15
                    color: Theme.text
                }
                Label {
                    Layout.fillWidth: true
                    text: Session.userId === "" ? qsTr("not signed in") : Session.userName
                    color: Theme.subtleText
                    elide: Text.ElideRight
                    font.pointSize: Theme.fontSize * Theme.smallFont
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.topMargin: 8
            Layout.leftMargin: 6
            Label {
                Layout.fillWidth: true
                text: qsTr("Rooms")
                color: Theme.subtleText
                font.bold: true
                font.capitalization: Font.AllUppercase
                font.pointSize: Theme.fontSize * 0.8
            }
            ToolButton {
                objectName: "addRoomButton"
                text: "+"
                Accessible.name: qsTr("Go to or join a room")
                font.bold: true
                onClicked: root.switcherRequested()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Go to or join a room (Ctrl+K)")
            }
        }

        RoomList {
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: root.rooms
            onRoomSelected: name => root.roomSelected(name)
        }

        Label {
            Layout.fillWidth: true
            Layout.margins: 6
            text: qsTr("Ctrl+K rooms · Alt+↑↓ switch · Ctrl+D diagnostics")
            color: Theme.faintText
            wrapMode: Text.Wrap
            font.pointSize: Theme.fontSize * 0.75
        }
    }
}
