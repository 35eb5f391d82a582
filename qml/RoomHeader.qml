import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The current room's name and what can be done with it.
Rectangle {
    id: root

    property string room: ""
    property int people: 0
    //! Since when the room may be out of date ("Offline since 13:31 · shown as last known").
    property string staleText: ""
    property bool muted: false

    signal muteToggled
    signal leaveRequested
    signal diagnosticsRequested
    signal searchRequested

    implicitHeight: 52
    color: Theme.surface

    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.line
    }

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 16
        anchors.rightMargin: 8
        spacing: Theme.spacing

        Label {
            text: root.room === "" ? qsTr("No room") : "# " + root.room
            font.bold: true
            font.pointSize: Theme.fontSize * 1.25
            color: Theme.text
        }
        Label {
            visible: root.room !== ""
            text: qsTr("%n here", "", root.people)
            color: Theme.subtleText
        }
        Label {
            objectName: "staleLabel"
            visible: root.room !== "" && root.staleText !== ""
            text: root.staleText
            color: Theme.warning
            elide: Text.ElideRight
            Layout.maximumWidth: 320
        }
        Item {
            Layout.fillWidth: true
        }
        ToolButton {
            objectName: "searchButton"
            visible: root.room !== ""
            text: qsTr("Search")
            Accessible.name: qsTr("Search messages in #%1 (Ctrl+F)").arg(root.room)
            onClicked: root.searchRequested()
        }
        ToolButton {
            objectName: "muteButton"
            visible: root.room !== ""
            text: root.muted ? qsTr("Unmute") : qsTr("Mute")
            Accessible.name: root.muted ? qsTr("Unmute room %1").arg(root.room) : qsTr("Mute room %1").arg(root.room)
            onClicked: root.muteToggled()
        }
        ToolButton {
            visible: root.room !== ""
            objectName: "leaveButton"
            text: qsTr("Leave")
            Accessible.name: qsTr("Leave room %1").arg(root.room)
            onClicked: root.leaveRequested()
        }
        ToolButton {
            objectName: "diagnosticsButton"
            text: qsTr("Diagnostics")
            Accessible.name: qsTr("Connection diagnostics")
            onClicked: root.diagnosticsRequested()
        }
    }
}
