# edge_bench_smoke: `edge-bench.sh --quick` exits 0 (every workload ran on both peers and
# every delivery arrived once, in order) and prints every row of its table. No timing is
# asserted; numbers come from a full run (README.md).
# Usage: cmake -DSCRIPT=bench/edge-bench.sh -DBUILD_DIR=build -P edgesmoke.cmake
execute_process(COMMAND bash ${SCRIPT} ${BUILD_DIR} --quick RESULT_VARIABLE status
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
message("${out}")
if(NOT status EQUAL 0)
  message(FATAL_ERROR "edge-bench.sh --quick exited with ${status}:\n${err}")
endif()
foreach(line "| W1 fan-out, 100 subscribers" "| W1-fixed publish -> delivery p99 (ms) |"
             "| W2 publish -> delivery p99 (ms) |" "| W3 server RSS per connection"
             "x the fsync p99" "This machine's W1 floor, no server at all"
             "- check.deliveries_in_order: 27000 / 27000"
             "- check.w2_deliveries_in_order: 1500 / 1500")
  string(FIND "${out}" "${line}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "edge-bench.sh --quick did not print '${line}'")
  endif()
endforeach()
