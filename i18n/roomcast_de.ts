<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Banner</name>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinde …</translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation>Verbinde mit %1 …</translation>
    </message>
    <message>
        <source>Reconnecting in %1 s (attempt %2)</source>
        <translation>Neuer Versuch in %1 s (Versuch %2)</translation>
    </message>
    <message>
        <source>Signed out — the server refused the token</source>
        <translation>Abgemeldet – der Server hat das Token abgelehnt</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Stopped — </source>
        <translation>Angehalten – </translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Message to %1</source>
        <translation>Nachricht an %1</translation>
    </message>
    <message>
        <source>Join a room to write</source>
        <translation>Einem Raum beitreten, um zu schreiben</translation>
    </message>
    <message>
        <source>Message #%1 (sent when back online)</source>
        <translation>Nachricht an #%1 (wird gesendet, sobald wieder online)</translation>
    </message>
    <message>
        <source>Message #%1</source>
        <translation>Nachricht an #%1</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
</context>
<context>
    <name>ConnectionBanner</name>
    <message>
        <source>Retry now</source>
        <translation>Jetzt erneut versuchen</translation>
    </message>
    <message>
        <source>Retry connecting now</source>
        <translation>Jetzt erneut verbinden</translation>
    </message>
</context>
<context>
    <name>DeliveryState</name>
    <message>
        <source>sending…</source>
        <translation>wird gesendet …</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>in Warteschlange</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>DesktopNotifications</name>
    <message>
        <source>Open #%1</source>
        <translation>#%1 öffnen</translation>
    </message>
</context>
<context>
    <name>DiagnosticsView</name>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>Knoten</translation>
    </message>
    <message>
        <source>Round trip</source>
        <translation>Umlaufzeit</translation>
    </message>
    <message>
        <source>Attempt</source>
        <translation>Versuch</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>Letzter Fehler</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Postausgang</translation>
    </message>
    <message numerus="yes">
        <source>%n waiting for an ack</source>
        <translation>
            <numerusform>%n wartet auf Bestätigung</numerusform>
            <numerusform>%n warten auf Bestätigung</numerusform>
        </translation>
    </message>
    <message>
        <source>Signed in as</source>
        <translation>Angemeldet als</translation>
    </message>
    <message>
        <source>Token expires</source>
        <translation>Token läuft ab</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>epoch %1 · seq %2 · %3</source>
        <translation>Epoche %1 · Seq %2 · %3</translation>
    </message>
    <message>
        <source>synced</source>
        <translation>synchron</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
</context>
<context>
    <name>Format</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 is typing…</source>
        <translation>%1 schreibt …</translation>
    </message>
    <message>
        <source>%1 and %2 are typing…</source>
        <translation>%1 und %2 schreiben …</translation>
    </message>
    <message>
        <source>Several people are typing…</source>
        <translation>Mehrere Personen schreiben …</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>in %1</source>
        <translation>in %1</translation>
    </message>
    <message>
        <source>expired %1 ago</source>
        <translation>vor %1 abgelaufen</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>(%1) Roomcast</source>
        <translation>(%1) Roomcast</translation>
    </message>
    <message>
        <source>Roomcast</source>
        <translation>Roomcast</translation>
    </message>
    <message>
        <source>Press Ctrl+K to join a room</source>
        <translation>Strg+K drücken, um einem Raum beizutreten</translation>
    </message>
    <message>
        <source>No messages in #%1 yet</source>
        <translation>Noch keine Nachrichten in #%1</translation>
    </message>
</context>
<context>
    <name>MessageDelegate</name>
    <message>
        <source>sent a “%1” message</source>
        <translation>hat eine „%1“-Nachricht gesendet</translation>
    </message>
    <message>
        <source>Not delivered: %1</source>
        <translation>Nicht zugestellt: %1</translation>
    </message>
    <message>
        <source>Not delivered</source>
        <translation>Nicht zugestellt</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Retry sending this message</source>
        <translation>Diese Nachricht erneut senden</translation>
    </message>
</context>
<context>
    <name>MessageListModel</name>
    <message>
        <source>You</source>
        <translation>Du</translation>
    </message>
</context>
<context>
    <name>MessageView</name>
    <message>
        <source>No messages yet</source>
        <translation>Noch keine Nachrichten</translation>
    </message>
    <message>
        <source>Jump to the latest message</source>
        <translation>Zur neuesten Nachricht springen</translation>
    </message>
</context>
<context>
    <name>PresencePanel</name>
    <message>
        <source>In #%1 · %2</source>
        <translation>In #%1 · %2</translation>
    </message>
    <message>
        <source>you</source>
        <translation>du</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <source>No room</source>
        <translation>Kein Raum</translation>
    </message>
    <message numerus="yes">
        <source>%n here</source>
        <translation>
            <numerusform>%n hier</numerusform>
            <numerusform>%n hier</numerusform>
        </translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>Ton an</translation>
    </message>
    <message>
        <source>Mute</source>
        <translation>Stumm</translation>
    </message>
    <message>
        <source>Unmute room %1</source>
        <translation>Raum %1 wieder benachrichtigen</translation>
    </message>
    <message>
        <source>Mute room %1</source>
        <translation>Raum %1 stummschalten</translation>
    </message>
    <message>
        <source>Leave</source>
        <translation>Verlassen</translation>
    </message>
    <message>
        <source>Leave room %1</source>
        <translation>Raum %1 verlassen</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <source>Connection diagnostics</source>
        <translation>Verbindungsdiagnose</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <source>Search messages in #%1 (Ctrl+F)</source>
        <translation>Nachrichten in #%1 durchsuchen (Strg+F)</translation>
    </message>
</context>
<context>
    <name>RoomList</name>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message numerus="yes">
        <source>Room %1, %n unread</source>
        <translation>
            <numerusform>Raum %1, %n ungelesen</numerusform>
            <numerusform>Raum %1, %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Raum %1</translation>
    </message>
    <message>
        <source>muted</source>
        <translation>stumm</translation>
    </message>
</context>
<context>
    <name>RoomListModel</name>
    <message>
        <source>%1 sent “%2”</source>
        <translation>%1 hat „%2“ gesendet</translation>
    </message>
    <message>
        <source>messages may be missing since %1</source>
        <translation>seit %1 fehlen möglicherweise Nachrichten</translation>
    </message>
</context>
<context>
    <name>RoomSwitcher</name>
    <message>
        <source>Go to or join a room…</source>
        <translation>Raum öffnen oder beitreten …</translation>
    </message>
    <message>
        <source>Room name</source>
        <translation>Raumname</translation>
    </message>
    <message numerus="yes">
        <source>Room %1, %n unread</source>
        <translation>
            <numerusform>Raum %1, %n ungelesen</numerusform>
            <numerusform>Raum %1, %n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>Room %1</source>
        <translation>Raum %1</translation>
    </message>
</context>
<context>
    <name>SearchPanel</name>
    <message>
        <source>Search #%1</source>
        <translation>#%1 durchsuchen</translation>
    </message>
    <message>
        <source>Close search</source>
        <translation>Suche schließen</translation>
    </message>
    <message>
        <source>Words, &quot;a phrase&quot;, deplo*</source>
        <translation>Wörter, &quot;eine Wortfolge&quot;, deplo*</translation>
    </message>
    <message>
        <source>Search messages in #%1</source>
        <translation>Nachrichten in #%1 durchsuchen</translation>
    </message>
    <message>
        <source>%1 at %2: %3</source>
        <translation>%1 um %2: %3</translation>
    </message>
    <message>
        <source>← Back to results</source>
        <translation>← Zurück zu den Ergebnissen</translation>
    </message>
    <message>
        <source>Back to the search results</source>
        <translation>Zurück zu den Suchergebnissen</translation>
    </message>
    <message>
        <source>Loading the message&apos;s context</source>
        <translation>Umfeld der Nachricht wird geladen</translation>
    </message>
</context>
<context>
    <name>SidePanel</name>
    <message>
        <source>Live metrics</source>
        <translation>Live-Metriken</translation>
    </message>
    <message>
        <source>Metric messages from any joined room show up here.</source>
        <translation>Metrik-Nachrichten aus allen beigetretenen Räumen erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Roomcast</source>
        <translation>Roomcast</translation>
    </message>
    <message>
        <source>not signed in</source>
        <translation>nicht angemeldet</translation>
    </message>
    <message>
        <source>Rooms</source>
        <translation>Räume</translation>
    </message>
    <message>
        <source>Go to or join a room</source>
        <translation>Raum öffnen oder beitreten</translation>
    </message>
    <message>
        <source>Go to or join a room (Ctrl+K)</source>
        <translation>Raum öffnen oder beitreten (Strg+K)</translation>
    </message>
    <message>
        <source>Ctrl+K rooms · Alt+↑↓ switch · Ctrl+D diagnostics</source>
        <translation>Strg+K Räume · Alt+↑↓ wechseln · Strg+D Diagnose</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in to a Roomcast server</source>
        <translation>Bei einem Roomcast-Server anmelden</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>Server-URL</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>roomcast-server token --user …</source>
        <translation>roomcast-server token --user …</translation>
    </message>
</context>
<context>
    <name>Toast</name>
    <message>
        <source>%1, in #%2</source>
        <translation>%1, in #%2</translation>
    </message>
</context>
<context>
    <name>TokenVault</name>
    <message>
        <source>Roomcast token for %1</source>
        <translation>Roomcast-Token für %1</translation>
    </message>
    <message>
        <source>Roomcast token for %1 on %2</source>
        <translation>Roomcast-Token für %1 auf %2</translation>
    </message>
</context>
<context>
    <name>roomcast::models::MessageContextModel</name>
    <message>
        <source>This message is no longer stored</source>
        <translation>Diese Nachricht ist nicht mehr gespeichert</translation>
    </message>
    <message>
        <source>The message&apos;s context needs a connection to the server</source>
        <translation>Für das Umfeld der Nachricht ist eine Verbindung zum Server nötig</translation>
    </message>
</context>
<context>
    <name>roomcast::models::PresenceModel</name>
    <message>
        <source>last seen %1</source>
        <translation>zuletzt gesehen %1</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen …</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Catching up since %1 · shown as last known</source>
        <translation>Holt seit %1 auf · zuletzt bekannter Stand</translation>
    </message>
    <message>
        <source>Offline since %1 · shown as last known</source>
        <translation>Offline seit %1 · zuletzt bekannter Stand</translation>
    </message>
</context>
<context>
    <name>roomcast::models::SearchResultsModel</name>
    <message>
        <source>Search needs a connection to the server</source>
        <translation>Die Suche braucht eine Verbindung zum Server</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>No messages match</source>
        <translation>Keine passenden Nachrichten</translation>
    </message>
    <message numerus="yes">
        <source>%n result(s)</source>
        <translation>
            <numerusform>%n Ergebnis</numerusform>
            <numerusform>%n Ergebnisse</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>roomcast::models::TrayIcon</name>
    <message numerus="yes">
        <source>%n unread</source>
        <translation>
            <numerusform>%n ungelesen</numerusform>
            <numerusform>%n ungelesen</numerusform>
        </translation>
    </message>
    <message>
        <source>notifications muted</source>
        <translation>Benachrichtigungen stumm</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Roomcast (%1)</source>
        <translation>Roomcast (%1)</translation>
    </message>
    <message>
        <source>Roomcast</source>
        <translation>Roomcast</translation>
    </message>
    <message>
        <source>Open Roomcast</source>
        <translation>Roomcast öffnen</translation>
    </message>
    <message>
        <source>Mute all notifications</source>
        <translation>Alle Benachrichtigungen stummschalten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
</TS>
