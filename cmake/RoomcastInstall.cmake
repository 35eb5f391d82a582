# What `cmake --install` puts where (GNUInstallDirs), in two components that CPack turns into
# the two Debian packages (cmake/RoomcastPackaging.cmake):
#   app:    bin/roomcast, the desktop entry, the icons (SVG + PNGs rendered from it), the
#           AppStream metainfo, roomcast(1)
#   server: bin/roomcast-server, bin/roomcast-cli, the systemd unit, the example
#           configurations, roomcast-server(1), roomcast-cli(1)
# Targets install themselves (app/, server/, src/cli/) with these component names.
include(GNUInstallDirs)

# ROOMCAST_APP_ID (the top-level CMakeLists.txt) names the desktop files.
set(_desktop ${PROJECT_SOURCE_DIR}/resources/desktop)

install(FILES ${_desktop}/${ROOMCAST_APP_ID}.desktop
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications COMPONENT app)
configure_file(${_desktop}/${ROOMCAST_APP_ID}.metainfo.xml.in
               ${CMAKE_BINARY_DIR}/${ROOMCAST_APP_ID}.metainfo.xml @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/${ROOMCAST_APP_ID}.metainfo.xml
        DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo COMPONENT app)
install(FILES ${_desktop}/icons/${ROOMCAST_APP_ID}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps COMPONENT app)

# PNG sizes for launchers and trays that do not scale SVGs, rendered at build time.
find_program(RSVG_CONVERT rsvg-convert REQUIRED) # librsvg2-bin (scripts/install-deps.sh)
set(_pngs)
foreach(size 16 22 24 32 48 64 128 256)
  set(_png ${CMAKE_BINARY_DIR}/icons/${size}x${size}/${ROOMCAST_APP_ID}.png)
  add_custom_command(OUTPUT ${_png}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/icons/${size}x${size}
    COMMAND ${RSVG_CONVERT} -w ${size} -h ${size} -o ${_png} ${_desktop}/icons/${ROOMCAST_APP_ID}.svg
    DEPENDS ${_desktop}/icons/${ROOMCAST_APP_ID}.svg VERBATIM)
  list(APPEND _pngs ${_png})
  install(FILES ${_png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps
          COMPONENT app)
endforeach()
add_custom_target(roomcast_icons ALL DEPENDS ${_pngs})

# Man pages from each program's --help and --version (help2man), gzipped as Debian wants. All
# three answer those without a display (the app's too: app/main.cpp), so no QT_QPA_PLATFORM.
find_program(HELP2MAN help2man REQUIRED) # help2man (scripts/install-deps.sh)
function(roomcast_man_page target component summary)
  set(_man ${CMAKE_BINARY_DIR}/man/${target}.1)
  add_custom_command(OUTPUT ${_man}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND ${HELP2MAN} --no-info --section=1 --name=${summary}
            --version-string=${PROJECT_VERSION} --output=${_man} $<TARGET_FILE:${target}>
    COMMAND gzip -9nf ${_man}
    DEPENDS ${target} VERBATIM)
  add_custom_target(${target}_man ALL DEPENDS ${_man}.gz)
  install(FILES ${_man}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()
roomcast_man_page(roomcast app "desktop dashboard of a Roomcast real-time rooms server")
roomcast_man_page(roomcast-server server "Roomcast real-time rooms server node")
roomcast_man_page(roomcast-cli server "scriptable client of a Roomcast server")

# The node as a service. ExecStart names the program without a path (systemd resolves it in
# /usr/local/bin, then /usr/bin), so the same unit serves both prefixes.
install(FILES ${PROJECT_SOURCE_DIR}/resources/roomcast-server.service
        DESTINATION lib/systemd/system COMPONENT server)
install(FILES ${PROJECT_SOURCE_DIR}/resources/roomcast.env.example
              ${PROJECT_SOURCE_DIR}/resources/nginx-roomcast.conf.example
              ${PROJECT_SOURCE_DIR}/resources/redis-roomcast.conf.example
        DESTINATION ${CMAKE_INSTALL_DATADIR}/roomcast COMPONENT server)
