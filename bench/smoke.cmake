# bench_smoke: `roomcast-bench --quick` exits 0 and prints both ratio lines.
# Usage: cmake -DBENCH=/path/to/roomcast-bench -P smoke.cmake
execute_process(COMMAND ${BENCH} --quick RESULT_VARIABLE status OUTPUT_VARIABLE out
                ERROR_VARIABLE err)
message("${out}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "roomcast-bench --quick exited with ${status}:\n${err}")
endif()
foreach(line "ratio publish cluster/single:" "ratio fanout cluster/single:")
  string(FIND "${out}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "roomcast-bench --quick did not print '${line}'")
  endif()
endforeach()
