pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// Search in the current room (Ctrl+F): the field, what was found, and a chosen result in
// its context with the message marked. The models do the work; this only binds them.
Rectangle {
    id: root

    property SearchResultsModel results
    property MessageContextModel context
    property string room: ""

    signal closeRequested

    function focusField() {
        field.forceActiveFocus();
        field.selectAll();
    }

    color: Theme.sidebar

    Rectangle {
        width: 1
        height: parent.height
        color: Theme.line
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 8

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: qsTr("Search #%1").arg(root.room)
                color: Theme.subtleText
                font.bold: true
                font.capitalization: Font.AllUppercase
                font.pointSize: Theme.fontSize * 0.8
                elide: Text.ElideRight
            }
            ToolButton {
                objectName: "closeSearch"
                text: "✕"
                Accessible.name: qsTr("Close search")
                onClicked: root.closeRequested()
            }
        }
        TextField {
            id: field
            objectName: "searchField"
            Layout.fillWidth: true
            placeholderText: qsTr("Words, \"a phrase\", deplo*")
            Accessible.name: qsTr("Search messages in #%1").arg(root.room)
            text: root.results ? root.results.query : ""
            onTextEdited: root.results.query = text
            onAccepted: root.results.searchNow()
            Keys.onEscapePressed: root.closeRequested()
        }
        Label {
            objectName: "searchStatus"
            Layout.fillWidth: true
            visible: text !== ""
            text: root.results ? root.results.statusText : ""
            color: Theme.subtleText
            wrapMode: Text.Wrap
        }

        StackLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            currentIndex: root.context && root.context.seq > 0 ? 1 : 0

            ListView {
                id: resultList
                objectName: "searchResults"
                clip: true
                spacing: 2
                model: root.results
                ScrollBar.vertical: ScrollBar {}
                delegate: ItemDelegate {
                    id: hit
                    required property int index
                    required property double seq
                    required property string senderName
                    required property string timeText
                    required property string snippet
                    required property string plainSnippet
                    width: ListView.view.width
                    Accessible.name: qsTr("%1 at %2: %3").arg(hit.senderName).arg(hit.timeText).arg(hit.plainSnippet)
                    onClicked: root.context.seq = hit.seq
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Label {
                                text: hit.senderName
                                font.bold: true
                                color: Theme.text
                                elide: Text.ElideRight
                                Layout.fillWidth: true
                            }
                            Label {
                                text: hit.timeText
                                color: Theme.faintText
                                font.pointSize: Theme.fontSize * Theme.smallFont
                            }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: hit.snippet
                            textFormat: Text.StyledText
                            wrapMode: Text.Wrap
                            maximumLineCount: 3
                            elide: Text.ElideRight
                            color: Theme.text
                        }
                    }
                }
            }

            ColumnLayout {
                spacing: 6
                ToolButton {
                    objectName: "backToResults"
                    text: qsTr("← Back to results")
                    Accessible.name: qsTr("Back to the search results")
                    onClicked: root.context.seq = 0
                }
                Label {
                    objectName: "contextError"
                    Layout.fillWidth: true
                    visible: text !== ""
                    text: root.context ? root.context.errorText : ""
                    color: Theme.warning
                    wrapMode: Text.Wrap
                }
                BusyIndicator {
                    Layout.alignment: Qt.AlignHCenter
                    visible: root.context && root.context.loading
                    running: visible
                    Accessible.name: qsTr("Loading the message's context")
                }
                ListView {
                    id: contextList
                    objectName: "contextList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 2
                    model: root.context
                    ScrollBar.vertical: ScrollBar {}
                    Connections {
                        target: root.context
                        function onStateChanged() {
                            if (root.context.highlightRow >= 0)
                                contextList.positionViewAtIndex(root.context.highlightRow, ListView.Center);
                        }
                    }
                    delegate: Rectangle {
                        id: line
                        required property string senderName
                        required property string timeText
                        required property string text
                        required property bool highlighted
                        width: ListView.view.width
                        implicitHeight: lineColumn.implicitHeight + 8
                        radius: Theme.radius
                        color: line.highlighted ? Theme.selection : "transparent"
                        border.color: line.highlighted ? Theme.accent : "transparent"
                        Accessible.role: Accessible.StaticText
                        Accessible.name: qsTr("%1 at %2: %3").arg(line.senderName).arg(line.timeText).arg(line.text)
                        ColumnLayout {
                            id: lineColumn
                            anchors.left: parent.left
                            anchors.right: parent.right
                            anchors.top: parent.top
                            anchors.margins: 4
                            spacing: 0
                            RowLayout {
                                Label {
                                    text: line.senderName
                                    font.bold: true
                                    color: Theme.text
                                    elide: Text.ElideRight
                                    Layout.fillWidth: true
                                }
                                Label {
                                    text: line.timeText
                                    color: Theme.faintText
                                    font.pointSize: Theme.fontSize * Theme.smallFont
                                }
                            }
                            Label {
                                Layout.fillWidth: true
                                text: line.text
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                color: Theme.text
                            }
                        }
                    }
                }
            }
        }
    }
}
