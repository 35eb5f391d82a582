import QtQuick

// The toasts on screen, newest at the bottom.
Column {
    id: root

    signal roomRequested(string room)

    function show(room: string, title: string, text: string, level: string) {
        toasts.append({
            "room": room,
            "title": title,
            "text": text,
            "level": level
        });
        if (toasts.count > 4)
            toasts.remove(0);
    }

    spacing: 8

    ListModel {
        id: toasts
    }

    Repeater {
        model: toasts
        delegate: Toast {
            required property int index
            // qmllint disable unqualified
            // (Qt 6.4 has no "pragma ComponentBehavior: Bound" for delegates to see this file.)
            onClicked: {
                root.roomRequested(room);
                toasts.remove(index);
            }
            onExpired: toasts.remove(index)
            // qmllint enable unqualified
        }
    }
}
