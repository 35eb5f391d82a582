import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// Asks for a server and a token: on first start, and when the server refused the token
// (instead of retrying in a loop).
Dialog {
    id: root

    property alias url: urlField.text
    property alias token: tokenField.text
    property string reason: ""

    signal connectRequested(string url, string token)

    title: qsTr("Sign in to a Roomcast server")
    modal: true
    standardButtons: Dialog.Ok | Dialog.Cancel
    onAccepted: root.connectRequested(urlField.text.trim(), tokenField.text.trim())

    ColumnLayout {
        anchors.fill: parent
        spacing: 6
        Label {
            Layout.fillWidth: true
            visible: root.reason !== ""
            text: root.reason
            color: Theme.error
            wrapMode: Text.Wrap
        }
        Label {
            text: qsTr("Server")
        }
        TextField {
            id: urlField
            Layout.preferredWidth: 420
            placeholderText: "ws://127.0.0.1:8765/ws"
            Accessible.name: qsTr("Server URL")
        }
        Label {
            text: qsTr("Token")
        }
        TextField {
            id: tokenField
            Layout.fillWidth: true
            echoMode: TextInput.Password
            placeholderText: qsTr("roomcast-server token --user …")
            Accessible.name: qsTr("Token")
        }
    }
}
