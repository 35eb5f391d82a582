import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Who is in the room now, the current user first.
ColumnLayout {
    id: root

    property alias model: list.model
    property string room: ""

    spacing: 4

    Label {
        text: qsTr("In #%1 · %2").arg(root.room).arg(list.count)
        font.bold: true
        color: Theme.subtleText
        font.capitalization: Font.AllUppercase
        font.pointSize: Theme.fontSize * 0.8
        Layout.bottomMargin: 4
    }

    ListView {
        id: list
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        spacing: 6
        interactive: contentHeight > height
        delegate: RowLayout {
            id: person
            required property string name
            required property string initials
            required property real hue
            required property bool self
            required property bool live
            required property string lastSeen
            width: ListView.view.width
            spacing: Theme.spacing
            opacity: person.live ? 1 : 0.55
            Avatar {
                size: 24
                initials: person.initials
                hue: person.hue
                Rectangle {
                    objectName: "presenceDot"
                    anchors.right: parent.right
                    anchors.bottom: parent.bottom
                    width: 9
                    height: 9
                    radius: 4.5
                    color: person.live ? Theme.success : Theme.faintText
                    border.color: Theme.sidebar
                    border.width: 2
                }
            }
            Label {
                text: person.name
                color: Theme.text
                elide: Text.ElideRight
                Layout.maximumWidth: person.width - 80
            }
            Label {
                visible: person.self
                text: qsTr("you")
                color: Theme.faintText
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
            Label {
                visible: person.lastSeen !== ""
                text: person.lastSeen
                color: Theme.faintText
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
            Item {
                Layout.fillWidth: true
            }
        }
    }
}
