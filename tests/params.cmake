# tests/params.cmake: the `postconf -d` differential test against real Postfix
# 3.7 (tests/postconf_defaults_diff); skipped (exit 77) where the reference
# Postfix is not installed.
add_test(NAME postconf_defaults_diff
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/postconf_defaults_diff ${CMAKE_BINARY_DIR}/bin)
set_tests_properties(postconf_defaults_diff PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
