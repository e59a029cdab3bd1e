# tests/patterns.cmake: tests of the pattern tables (cidr, regexp, pcre):
# a small query driver and the randomized differential test against real
# Postfix (tests/patterns_diff). Included from tests/CMakeLists.txt.
add_executable(pattern_query ${CMAKE_CURRENT_SOURCE_DIR}/patterns/pattern_query.cc)
target_link_libraries(pattern_query PRIVATE postkit_maps)
set_target_properties(pattern_query PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
