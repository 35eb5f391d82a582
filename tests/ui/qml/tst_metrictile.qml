import QtQuick
import QtTest
import Roomcast.App

// TestCase itself is not visible: the items under test live in this visible root.
Item {
    id: root
    width: 300
    height: 200

    Component {
        id: tileComponent
        MetricTile {
            name: "cpu"
            valueText: "42 %"
            history: [10, 30, 20, 42]
            minValue: 10
            maxValue: 42
            updatedText: "14:02"
        }
    }

    TestCase {
        name: "MetricTile"
        when: windowShown

        // Whether the sparkline's area holds pixels of the line colour (blue-ish accent).
        function sparklineDrawn(tile, spark) {
            const image = grabImage(tile);
            const origin = spark.mapToItem(tile, 0, 0);
            for (let x = origin.x + 2; x < origin.x + spark.width - 2; x += 2) {
                for (let y = origin.y; y < origin.y + spark.height; ++y) {
                    const c = image.pixel(x, y);
                    if (c.b > c.r + 0.15)
                        return true;
                }
            }
            return false;
        }

        function test_showsValueAndDrawsSparkline() {
            const tile = createTemporaryObject(tileComponent, root, {
                lineColor: "#2060e0"
            });
            compare(findChild(tile, "metricValue").text, "42 %");
            const spark = findChild(tile, "sparkline");
            verify(spark.width > 50 && spark.height >= 24);
            tryVerify(() => sparklineDrawn(tile, spark), 5000, "no sparkline pixels");
        }

        function test_updatesWithHistory() {
            const tile = createTemporaryObject(tileComponent, root);
            tile.history = [1, 2];
            tile.valueText = "2";
            compare(findChild(tile, "metricValue").text, "2");
        }
    }
}
