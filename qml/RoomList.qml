import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The joined rooms: name, last activity and a preview, an unread badge, and a warning
// when a room may be missing messages after an outage.
ListView {
    id: root

    signal roomSelected(string name)

    objectName: "roomList"
    activeFocusOnTab: true
    Accessible.role: Accessible.List
    Accessible.name: qsTr("Rooms")
    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    keyNavigationEnabled: true

    delegate: ItemDelegate {
        id: row

        required property int index
        required property string name
        required property int unread
        required property string lastActivityText
        required property string preview
        required property string recoveryText
        required property bool muted
        required property bool synced
        required property bool current

        width: ListView.view.width
        Accessible.name: row.unread > 0 ? qsTr("Room %1, %n unread", "", row.unread).arg(row.name) : qsTr("Room %1").arg(row.name)
        Accessible.description: row.preview
        Accessible.selected: row.current
        padding: 8
        leftPadding: 12
        rightPadding: 10
        // qmllint disable unqualified
        onClicked: root.roomSelected(name) // Qt 6.4 has no "pragma ComponentBehavior: Bound"
        // qmllint enable unqualified

        background: Rectangle {
            radius: Theme.radius
            color: row.current ? Theme.selection : row.hovered ? Theme.hover : "transparent"
        }

        contentItem: ColumnLayout {
            spacing: 2
            RowLayout {
                spacing: 6
                Label {
                    Layout.fillWidth: true
                    text: "# " + row.name
                    font.bold: row.unread > 0 || row.current
                    color: row.muted ? Theme.subtleText : Theme.text
                    elide: Text.ElideRight
                }
                Label {
                    visible: row.muted
                    text: qsTr("muted")
                    color: Theme.faintText
                    font.pointSize: Theme.fontSize * 0.75
                }
                Label {
                    text: row.lastActivityText
                    color: Theme.faintText
                    font.pointSize: Theme.fontSize * Theme.smallFont
                }
                UnreadBadge {
                    objectName: "unreadBadge"
                    count: row.unread
                    muted: row.muted
                }
            }
            Label {
                Layout.fillWidth: true
                visible: row.preview !== ""
                text: row.preview
                color: Theme.subtleText
                elide: Text.ElideRight
                maximumLineCount: 1
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
            Label {
                Layout.fillWidth: true
                visible: row.recoveryText !== ""
                text: "⚠ " + row.recoveryText
                color: Theme.warning
                wrapMode: Text.Wrap
                font.pointSize: Theme.fontSize * Theme.smallFont
            }
        }
    }
}
