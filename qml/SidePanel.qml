import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// The right column: live metric tiles from every joined room, and who is in the current room.
Rectangle {
    id: root

    property MetricsModel metrics
    property PresenceModel presence
    property string room: ""

    color: Theme.sidebar

    Rectangle {
        width: 1
        height: parent.height
        color: Theme.line
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 10

        Label {
            text: qsTr("Live metrics")
            color: Theme.subtleText
            font.bold: true
            font.capitalization: Font.AllUppercase
            font.pointSize: Theme.fontSize * 0.8
        }
        GridLayout {
            Layout.fillWidth: true
            columns: 2
            rowSpacing: 8
            columnSpacing: 8
            visible: root.metrics.count > 0
            Repeater {
                model: root.metrics
                delegate: MetricTile {
                    Layout.fillWidth: true
                }
            }
        }
        Label {
            Layout.fillWidth: true
            visible: root.metrics.count === 0
            text: qsTr("Metric messages from any joined room show up here.")
            color: Theme.faintText
            wrapMode: Text.Wrap
        }
        Rectangle {
            Layout.fillWidth: true
            Layout.topMargin: 6
            height: 1
            color: Theme.line
        }
        PresencePanel {
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: root.presence
            room: root.room
        }
    }
}
