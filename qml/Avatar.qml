import QtQuick

// A round badge with someone's initials in their stable colour.
Rectangle {
    id: root

    property string initials: "?"
    property real hue: 0
    property int size: 32

    implicitWidth: size
    implicitHeight: size
    radius: size / 2
    color: Theme.avatarColor(hue)

    Text {
        anchors.centerIn: parent
        text: root.initials
        color: "white"
        font.bold: true
        font.pixelSize: root.size * 0.4
    }
}
