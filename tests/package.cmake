# tests/package.cmake: what ships (included from tests/CMakeLists.txt).
#  - man_lint: every man page (share/man, debian/) clean under mandoc -Tlint
#    and rendered by man -l.
#  - man_flags: each built command's page documents exactly the options its
#    usage message (--help) lists.
#  - completion: bash and zsh completion (completion_test.sh).
#  - deb_package: builds the .deb from this build tree, installs it beside
#    Postfix, switches postmap and newaliases, purges, and checks Postfix's
#    files are unchanged. RUN_SERIAL: while postmap is switched,
#    /usr/sbin/postmap (the reference of other tests) is postkit's.
add_test(NAME man_lint COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man_lint.sh ${CMAKE_SOURCE_DIR})
add_test(NAME man_flags
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/man_flags.sh ${CMAKE_BINARY_DIR}/bin
                 ${CMAKE_SOURCE_DIR})
add_test(NAME deb_package
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/deb_test.sh ${CMAKE_BINARY_DIR} ${CMAKE_SOURCE_DIR})
set_tests_properties(deb_package PROPERTIES RUN_SERIAL TRUE SKIP_RETURN_CODE 77 TIMEOUT 600)
add_test(NAME completion
         COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/completion_test.sh ${CMAKE_BINARY_DIR}/bin
                 ${CMAKE_SOURCE_DIR})
