pragma Singleton
import QtQuick

// Colours and sizes derived from the system palette, so light and dark follow the desktop.
// Views use these names instead of literal colours.
QtObject {
    id: root

    readonly property SystemPalette palette: SystemPalette {
        colorGroup: SystemPalette.Active
    }
    readonly property bool dark: palette.window.hslLightness < 0.5
    // The application font's size: every size in the views is a multiple of it.
    readonly property real fontSize: probe.font.pointSize > 0 ? probe.font.pointSize : 10
    readonly property Text probe: Text {}

    readonly property color window: palette.window
    readonly property color surface: palette.base
    readonly property color sidebar: dark ? Qt.darker(palette.window, 1.25) : Qt.darker(palette.window, 1.045)
    readonly property color text: palette.windowText
    readonly property color subtleText: Qt.tint(palette.windowText, Qt.rgba(palette.window.r, palette.window.g, palette.window.b, 0.45))
    readonly property color faintText: Qt.tint(palette.windowText, Qt.rgba(palette.window.r, palette.window.g, palette.window.b, 0.65))
    readonly property color line: Qt.tint(palette.window, Qt.rgba(palette.windowText.r, palette.windowText.g, palette.windowText.b, 0.12))
    readonly property color accent: palette.highlight
    readonly property color accentText: palette.highlightedText
    readonly property color selection: Qt.rgba(palette.highlight.r, palette.highlight.g, palette.highlight.b, dark ? 0.35 : 0.16)
    readonly property color hover: Qt.rgba(palette.windowText.r, palette.windowText.g, palette.windowText.b, 0.06)

    readonly property color info: dark ? "#60a5fa" : "#2563eb"
    readonly property color success: dark ? "#4ade80" : "#16a34a"
    readonly property color warning: dark ? "#fbbf24" : "#b45309"
    readonly property color error: dark ? "#f87171" : "#dc2626"

    readonly property int spacing: 8
    readonly property int radius: 6
    readonly property int sidebarWidth: 248
    readonly property int panelWidth: 300
    readonly property real smallFont: 0.85
    readonly property string monoFamily: "DejaVu Sans Mono"

    // The colour of a notification level or banner level.
    function levelColor(level: string): color {
        switch (level) {
        case "success":
        case "ok":
            return root.success;
        case "warning":
            return root.warning;
        case "error":
            return root.error;
        default:
            return root.info;
        }
    }

    // A stable avatar colour for a hue in [0, 1) (the models provide the hue).
    function avatarColor(hue: real): color {
        return Qt.hsla(hue, dark ? 0.45 : 0.55, dark ? 0.55 : 0.45, 1);
    }
}
