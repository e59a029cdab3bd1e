# tests/postconf.cmake: postconf's shell tests (included from tests/CMakeLists.txt).
#  - postconf_edit_lock: hundreds of interleaved main.cf and master.cf edits
#    by postkit and by Postfix 3.7's postconf; none may be lost (Postfix's
#    lock protocol on main.cf.tmp / master.cf.tmp). Needs /usr/sbin/postconf;
#    exit 77 = skipped.
add_test(NAME postconf_edit_lock
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/postconf_edit_lock.sh ${CMAKE_BINARY_DIR}/bin)
set_tests_properties(postconf_edit_lock PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
