import QtQuick
import QtTest
import Roomcast.App
import Roomcast.Models

// The search panel binds the field to SearchResultsModel.query, closes on Escape and shows
// a chosen result's context until "Back to results" (the models are tested in C++).
Item {
    id: root
    width: 320
    height: 600

    Component {
        id: panelComponent
        SearchPanel {
            width: 320
            height: 600
            room: "general"
            results: SearchResultsModel {}
            context: MessageContextModel {}
        }
    }

    SignalSpy {
        id: closeSpy
        signalName: "closeRequested"
    }

    TestCase {
        name: "SearchPanel"
        when: windowShown

        function test_typingSetsTheQuery() {
            const panel = createTemporaryObject(panelComponent, root);
            panel.focusField();
            keyClick(Qt.Key_D);
            keyClick(Qt.Key_E);
            compare(panel.results.query, "de");
            verify(findChild(panel, "searchResults").visible);
        }

        function test_escapeCloses() {
            const panel = createTemporaryObject(panelComponent, root);
            closeSpy.target = panel;
            closeSpy.clear();
            panel.focusField();
            keyClick(Qt.Key_Escape);
            compare(closeSpy.count, 1);
        }

        function test_contextAndBack() {
            const panel = createTemporaryObject(panelComponent, root);
            const back = findChild(panel, "backToResults");
            verify(!back.visible);
            panel.context.seq = 7;
            tryVerify(() => back.visible);
            verify(!findChild(panel, "searchResults").visible);
            mouseClick(back);
            compare(panel.context.seq, 0);
            tryVerify(() => findChild(panel, "searchResults").visible);
        }
    }
}
