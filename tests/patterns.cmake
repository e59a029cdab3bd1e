# tests/patterns.cmake: tests of the pattern tables (cidr, regexp, pcre):
# a small query driver and the randomized differential test against real
# Postfix (tests/patterns_diff). Included from tests/CMakeLists.txt.
add_executable(pattern_query ${CMAKE_CURRENT_SOURCE_DIR}/patterns/pattern_query.cc)
target_link_libraries(pattern_query PRIVATE postkit_maps)
set_target_properties(pattern_query PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)

# The randomized unit test (maptypes/patterns_random_test.cc) shares the table
# generator with gen_tables and calls PCRE2 directly for its reference.
add_library(patterns_random_tables STATIC ${CMAKE_CURRENT_SOURCE_DIR}/patterns/random_tables.cc)
if(TARGET maptypes_unit_tests)
  target_link_libraries(maptypes_unit_tests PRIVATE patterns_random_tables PkgConfig::PCRE2)
endif()

# Randomized differential test against real Postfix (skipped without it).
add_executable(gen_tables ${CMAKE_CURRENT_SOURCE_DIR}/patterns/gen_tables.cc)
target_link_libraries(gen_tables PRIVATE patterns_random_tables)
set_target_properties(gen_tables PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
# Sanitizer builds run each lookup ~20x slower: fewer random tables there.
if(POSTKIT_SANITIZE)
  set(patterns_diff_count 60)
else()
  set(patterns_diff_count 400)
endif()
add_test(NAME patterns_diff
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/patterns_diff ${CMAKE_BINARY_DIR} ${patterns_diff_count})
set_tests_properties(patterns_diff PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
