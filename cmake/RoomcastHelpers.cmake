# roomcast_add_test(NAME tst_foo SOURCES a.cpp ... LIBS lib ... [TIMEOUT s] [LABELS l ...]
#                   [THREADS])
# One QtTest executable per class or area, registered with CTest. THREADS (tests whose nodes
# come from ServerFixture) registers it a second time as tst_foo_threads, label `threads`,
# with every node spreading its connections over worker shards (--threads 2).
function(roomcast_add_test)
  cmake_parse_arguments(T "THREADS" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE Qt6::Test ${T_LIBS})
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT}
                       ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_NO_GLIB=1")
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
  if(T_THREADS)
    add_test(NAME ${T_NAME}_threads COMMAND ${T_NAME})
    set_tests_properties(${T_NAME}_threads PROPERTIES TIMEOUT ${T_TIMEOUT} LABELS "threads;${T_LABELS}"
                         ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_NO_GLIB=1;ROOMCAST_TEST_THREADS=2")
  endif()
endfunction()
