# Debian packages through CPack (README.md, "Debian packages"):
#   cmake -S . -B build-deb -G Ninja -DCMAKE_BUILD_TYPE=Release -DROOMCAST_BUILD_TESTS=OFF
#   cmake --build build-deb && (cd build-deb && cpack)
# gives roomcast_<version>_<arch>.deb (the desktop app) and roomcast-server_<version>_<arch>.deb
# (server + CLI + the systemd unit; its postinst creates the `roomcast` system user). Library
# dependencies come from dpkg-shlibdeps; the QML modules the app loads at run time are listed.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME roomcast)
set(CPACK_PACKAGE_VENDOR "The Roomcast developers")
set(CPACK_PACKAGE_CONTACT "The Roomcast developers <dev@roomcast.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://roomcast.org/")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL app server)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)

set(CPACK_DEBIAN_APP_PACKAGE_NAME roomcast)
set(CPACK_COMPONENT_APP_DESCRIPTION
    "Desktop dashboard of a Roomcast real-time rooms server\nLive rooms, presence, typing, desktop notifications and metric tiles, with\nreconnection that loses nothing and an offline outbox.")
set(CPACK_DEBIAN_APP_PACKAGE_DEPENDS
    "qml6-module-qtquick, qml6-module-qtquick-controls, qml6-module-qtquick-layouts, qml6-module-qtquick-templates, qml6-module-qtquick-window, qml6-module-qtqml-workerscript, qml6-module-qtquick-shapes, qml6-module-qtqml, qml6-module-qtqml-models, qt6-qpa-plugins, libqt6sql6-sqlite")
set(CPACK_DEBIAN_APP_PACKAGE_RECOMMENDS "roomcast-server")

set(CPACK_DEBIAN_SERVER_PACKAGE_NAME roomcast-server)
set(CPACK_COMPONENT_SERVER_DESCRIPTION
    "Roomcast real-time rooms server node and command-line client\nRooms, HS256 sessions, durable history in SQLite, presence, typing, heartbeats,\nrate limits, HTTP publish/health/metrics; several nodes form a cluster through\nRedis. Runs as the roomcast-server systemd service.")
set(CPACK_DEBIAN_SERVER_PACKAGE_DEPENDS "adduser")
set(CPACK_DEBIAN_SERVER_PACKAGE_SUGGESTS "redis-server")
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_EXTRA
    ${PROJECT_SOURCE_DIR}/resources/debian/postinst
    ${PROJECT_SOURCE_DIR}/resources/debian/prerm
    ${PROJECT_SOURCE_DIR}/resources/debian/postrm)
set(CPACK_DEBIAN_SERVER_PACKAGE_CONTROL_STRICT_PERMISSION ON)

include(CPack)
