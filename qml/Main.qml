import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Roomcast.Models

// The dashboard: rooms on the left, the current room in the middle, live metrics and who
// is here on the right, the connection banner on top. State lives in C++ (Session, the
// models, Settings); this file only binds them to views and forwards actions.
ApplicationWindow {
    id: root

    property string currentRoom: Settings.rooms.length > 0 ? Settings.rooms[0] : ""
    //! The right column shows the room's search instead of metrics and people (Ctrl+F).
    property bool searching: false
    //! `roomcast --search WORDS`: the search opens with these words.
    property string initialSearch: ""

    function openRoom(name: string) {
        Session.join(name);
        root.currentRoom = name;
        composer.focusInput();
    }
    function openSearch() {
        if (root.currentRoom === "")
            return;
        root.searching = true;
        searchPanel.focusField();
    }
    function closeSearch() {
        root.searching = false;
        composer.focusInput();
    }
    function stepRoom(delta: int) {
        const next = rooms.roomAt(rooms.indexOf(root.currentRoom) + delta);
        if (next !== "")
            root.currentRoom = next;
    }

    width: 1280
    height: 800
    minimumWidth: 900
    minimumHeight: 520
    visible: true
    title: rooms.totalUnread > 0 ? qsTr("(%1) Roomcast").arg(rooms.totalUnread) : qsTr("Roomcast")
    color: Theme.window

    RoomListModel {
        id: rooms
        session: Session
        currentRoom: root.currentRoom
        mutedRooms: Settings.mutedRooms
    }
    MessageListModel {
        id: messages
        session: Session
        room: root.currentRoom
    }
    PresenceModel {
        id: presence
        session: Session
        room: root.currentRoom
    }
    SearchResultsModel {
        id: searchResults
        session: Session
        room: root.currentRoom
        markColor: Theme.accent.toString()
    }
    MessageContextModel {
        id: searchContext
        session: Session
        room: root.currentRoom
    }
    TypingModel {
        id: typing
        session: Session
        room: root.currentRoom
    }
    TrayIcon {
        id: tray
        unread: rooms.totalUnread
        connected: Session.connected
        statusText: Session.bannerText
        allMuted: Settings.muteAll
        keepInTray: Settings.keepInTray
        onOpenRequested: {
            root.show();
            root.raise();
            root.requestActivate();
        }
        onMuteAllRequested: muted => Settings.muteAll = muted
        onQuitRequested: Qt.quit()
    }
    // With a tray (and the setting), closing the window keeps the app running there.
    onClosing: close => {
        if (tray.hideOnClose()) {
            close.accepted = false;
            root.hide();
        }
    }
    MetricsModel {
        id: metrics
        session: Session
        room: "" // every joined room
    }
    Notifier {
        session: Session
        mutedRooms: Settings.mutedRooms
        currentRoom: root.currentRoom
        appActive: root.active
        desktopEnabled: Settings.desktopNotifications
        allMuted: Settings.muteAll
        onToast: (room, title, text, level) => toasts.show(room, title, text, level)
        onRoomActivated: room => {
            root.currentRoom = room;
            root.raise();
            root.requestActivate();
        }
    }

    header: ConnectionBanner {
        text: Session.bannerText
        level: Session.bannerLevel
        canRetry: Session.canRetry
        onRetryClicked: Session.retryNow()
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            Layout.preferredWidth: Theme.sidebarWidth
            Layout.fillHeight: true
            rooms: rooms
            onRoomSelected: name => root.currentRoom = name
            onSwitcherRequested: switcher.open()
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            RoomHeader {
                Layout.fillWidth: true
                room: root.currentRoom
                people: presence.count
                staleText: presence.staleText
                muted: rooms.currentMuted
                onMuteToggled: Settings.setMuted(root.currentRoom, !rooms.currentMuted)
                onLeaveRequested: {
                    Session.leave(root.currentRoom);
                    root.currentRoom = rooms.roomAt(0);
                }
                onDiagnosticsRequested: diagnostics.open()
                onSearchRequested: root.openSearch()
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: Theme.surface
                MessageView {
                    anchors.fill: parent
                    model: messages
                    onRetryRequested: clientMsgId => messages.retry(clientMsgId)
                    emptyText: root.currentRoom === "" ? qsTr("Press Ctrl+K to join a room") : qsTr("No messages in #%1 yet").arg(root.currentRoom)
                }
            }
            Rectangle {
                Layout.fillWidth: true
                Layout.preferredHeight: 20
                color: Theme.surface
                Label {
                    objectName: "typingLine"
                    anchors.fill: parent
                    anchors.leftMargin: 16
                    text: typing.text
                    color: Theme.subtleText
                    font.italic: true
                    font.pointSize: Theme.fontSize * Theme.smallFont
                }
            }
            Composer {
                id: composer
                Layout.fillWidth: true
                room: root.currentRoom
                offline: !Session.connected
                onSendRequested: text => Session.send(root.currentRoom, text)
                onTyping: Session.sendTyping(root.currentRoom)
            }
        }

        SidePanel {
            visible: !root.searching
            Layout.preferredWidth: Theme.panelWidth
            Layout.fillHeight: true
            metrics: metrics
            presence: presence
            room: root.currentRoom
        }
        SearchPanel {
            id: searchPanel
            visible: root.searching
            Layout.preferredWidth: Theme.panelWidth
            Layout.fillHeight: true
            results: searchResults
            context: searchContext
            room: root.currentRoom
            onCloseRequested: root.closeSearch()
        }
    }

    ToastStack {
        id: toasts
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.rightMargin: Theme.panelWidth + 16
        anchors.bottomMargin: 96
        onRoomRequested: room => root.currentRoom = room
    }

    RoomSwitcher {
        id: switcher
        x: (root.width - width) / 2
        y: 80
        rooms: rooms
        onRoomChosen: name => root.openRoom(name)
    }

    Popup {
        id: diagnostics
        x: (root.width - width) / 2
        y: 60
        width: 560
        height: Math.min(root.height - 120, 520)
        modal: true
        padding: 0
        DiagnosticsView {
            anchors.fill: parent
            roomsModel: rooms
        }
    }

    SignInDialog {
        id: signIn
        anchors.centerIn: Overlay.overlay
        url: Session.serverUrl
        reason: Session.signedOut ? Session.bannerText : ""
        onConnectRequested: (url, token) => {
            Settings.serverUrl = url;
            Settings.token = token;
            Session.start(url, token);
        }
    }

    Shortcut {
        sequence: "Ctrl+K"
        onActivated: switcher.open()
    }
    Shortcut {
        sequence: "Ctrl+F"
        onActivated: root.openSearch()
    }
    Shortcut {
        sequence: "Ctrl+D"
        onActivated: diagnostics.visible ? diagnostics.close() : diagnostics.open()
    }
    Shortcut {
        sequences: ["Alt+Down", "Ctrl+Tab"]
        onActivated: root.stepRoom(1)
    }
    Shortcut {
        sequences: ["Alt+Up", "Ctrl+Shift+Tab"]
        onActivated: root.stepRoom(-1)
    }
    Shortcut {
        sequence: "Ctrl+L"
        onActivated: composer.focusInput()
    }
    // Ask for a token when the server refused ours (instead of a loop of refusals), and for
    // a server on the very first start.
    Connections {
        target: Session
        function onBannerChanged() {
            if (Session.signedOut && !signIn.visible)
                signIn.open();
        }
    }
    Component.onCompleted: {
        if (Session.serverUrl === "")
            signIn.open();
        composer.focusInput();
        if (root.initialSearch !== "") {
            searchResults.query = root.initialSearch;
            root.openSearch();
        }
    }
}
