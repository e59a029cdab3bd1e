# bench/bench.cmake: registers bench/selftest with ctest (include this file
# from tests/CMakeLists.txt). The selftest proves the benchmark harness
# reports differing outputs as WRONG; it needs sh and a C++ compiler only,
# and keeps its cache and results in a temporary directory.
add_test(NAME bench_selftest COMMAND sh ${CMAKE_SOURCE_DIR}/bench/selftest)
set_tests_properties(bench_selftest PROPERTIES TIMEOUT 300)
