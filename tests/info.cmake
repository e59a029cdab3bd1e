# tests/info.cmake: the example configuration (share/examples) against real
# Postfix, and the demo script of README command 1. Included by
# tests/CMakeLists.txt.
add_test(NAME info_examples
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/info_examples_test.sh ${CMAKE_BINARY_DIR}/bin)
set_tests_properties(info_examples PROPERTIES SKIP_RETURN_CODE 77)
