import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// The latest value of one metric with a sparkline of its recent history.
Rectangle {
    id: root

    required property string name
    required property string valueText
    required property var history
    required property real minValue
    required property real maxValue
    required property string updatedText
    property color lineColor: Theme.accent

    implicitWidth: 136
    implicitHeight: 92
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.line

    onHistoryChanged: spark.requestPaint()
    onLineColorChanged: spark.requestPaint()

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 10
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: root.name
                color: Theme.subtleText
                elide: Text.ElideRight
                font.capitalization: Font.AllUppercase
                font.pointSize: Theme.fontSize * 0.75
                font.bold: true
            }
            Label {
                text: root.updatedText
                color: Theme.faintText
                font.pointSize: Theme.fontSize * 0.75
            }
        }
        Label {
            objectName: "metricValue"
            text: root.valueText
            color: Theme.text
            font.pointSize: Theme.fontSize * 1.5
            font.bold: true
        }
        Canvas {
            id: spark
            objectName: "sparkline"
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.minimumHeight: 24
            renderStrategy: Canvas.Cooperative
            onWidthChanged: requestPaint()
            onHeightChanged: requestPaint()
            onAvailableChanged: requestPaint()
            onPaint: {
                const ctx = getContext("2d");
                ctx.reset();
                const points = root.history;
                if (!points || points.length < 2)
                    return;
                const span = root.maxValue - root.minValue;
                const step = width / (points.length - 1);
                // A flat series is drawn through the middle, not along the floor.
                const y = v => span < 1e-9 ? height / 2 : height - 2 - (v - root.minValue) / span * (height - 4);
                ctx.beginPath();
                ctx.moveTo(0, y(points[0]));
                for (let i = 1; i < points.length; ++i)
                    ctx.lineTo(i * step, y(points[i]));
                ctx.lineWidth = 1.5;
                ctx.strokeStyle = root.lineColor;
                ctx.stroke();
                ctx.lineTo(width, height);
                ctx.lineTo(0, height);
                ctx.closePath();
                ctx.fillStyle = Qt.rgba(root.lineColor.r, root.lineColor.g, root.lineColor.b, 0.12);
                ctx.fill();
            }
        }
    }
}
