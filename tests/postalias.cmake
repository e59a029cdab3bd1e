# tests/postalias.cmake: alias databases are file-compatible with real
# Postfix 3.7 in both directions (tests/postalias_compat.sh); skipped (exit
# 77) where the reference Postfix is not installed.
add_test(NAME postalias_compat
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/postalias_compat.sh ${CMAKE_BINARY_DIR}/bin)
set_tests_properties(postalias_compat PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
