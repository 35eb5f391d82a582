import QtQuick
import QtQuick.Controls

// Where one of one's own messages stands: queued (offline), sending, acknowledged (stored
// by the server) or failed, with the reason on hover.
Label {
    id: root

    property string deliveryState: ""
    property string error: ""

    visible: deliveryState !== ""
    text: deliveryState === "acknowledged" ? "✓" : deliveryState === "sending" ? qsTr("sending…") : deliveryState === "queued" ? qsTr("queued") : deliveryState === "failed" ? qsTr("failed") : ""
    color: deliveryState === "failed" ? Theme.error : deliveryState === "acknowledged" ? Theme.success : Theme.subtleText
    font.pointSize: Theme.fontSize * Theme.smallFont
    font.bold: deliveryState === "failed"

    ToolTip.visible: hover.hovered && root.error !== ""
    ToolTip.text: root.error

    HoverHandler {
        id: hover
    }
}
