import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// Ctrl+K: go to a room by name, or join it if it is not in the list yet. Up/Down pick from
// the joined rooms, Enter opens.
Popup {
    id: root

    property RoomListModel rooms
    signal roomChosen(string name)

    modal: true
    focus: true
    padding: 8
    width: 420
    height: Math.min(360, field.implicitHeight + list.contentHeight + 40)
    onOpened: {
        field.clear();
        field.forceActiveFocus();
        list.currentIndex = 0;
    }

    function choose(name: string) {
        if (name !== "")
            root.roomChosen(name);
        root.close();
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        TextField {
            id: field
            objectName: "switcherField"
            Layout.fillWidth: true
            placeholderText: qsTr("Go to or join a room…")
            Accessible.name: qsTr("Room name")
            Keys.onDownPressed: list.incrementCurrentIndex()
            Keys.onUpPressed: list.decrementCurrentIndex()
            onAccepted: root.choose(text.trim() !== "" ? text.trim() : list.currentItem ? root.rooms.roomAt(list.currentIndex) : "")
        }
        ListView {
            id: list
            model: root.rooms
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            highlightMoveDuration: 0
            highlight: Rectangle {
                color: Theme.selection
                radius: Theme.radius
            }
            delegate: ItemDelegate {
                id: entry
                required property int index
                required property string name
                required property int unread
                width: ListView.view.width
                text: "# " + name + (unread > 0 ? "  (" + unread + ")" : "")
                Accessible.name: entry.unread > 0 ? qsTr("Room %1, %n unread", "", entry.unread).arg(entry.name) : qsTr("Room %1").arg(entry.name)
                // qmllint disable unqualified
                onClicked: root.choose(name) // Qt 6.4 has no "pragma ComponentBehavior: Bound"
                // qmllint enable unqualified
            }
        }
    }
}
