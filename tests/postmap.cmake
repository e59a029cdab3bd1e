# postmap.cmake: postmap's shell tests (included from tests/CMakeLists.txt).
#  - postmap_crosscompat: tables written by postkit are read by Postfix 3.7's
#    postmap and the other way round (hash, btree, lmdb, cdb; -N, -n, -f;
#    -i and -d by both).
#  - postmap_faults: SIGKILL during builds, RLIMIT_FSIZE, readers during
#    rebuilds.
# Both need Debian's postfix packages (/usr/sbin/postmap); exit 77 = skipped.
foreach(t crosscompat faults)
  add_test(NAME postmap_${t}
           COMMAND sh ${CMAKE_CURRENT_SOURCE_DIR}/postmap_${t}.sh ${CMAKE_BINARY_DIR}/bin)
  # A sanitizer build makes the large fault-test builds several times slower.
  if(POSTKIT_SANITIZE)
    set_tests_properties(postmap_${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 900)
  else()
    set_tests_properties(postmap_${t} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT 300)
  endif()
endforeach()
