// data_dir.h: where postkit's installed data lives (the parameter table and
// the examples of share/, installed to <prefix>/share/postkit). It is found
// from the running program's own location, so an installation works under
// whatever prefix it was installed to: `cmake --install --prefix DIR`, a
// DESTDIR staging tree moved into place, the Debian package (whose commands
// under /usr/lib/postkit/sbin reach /usr/share/postkit through the link
// /usr/lib/postkit/share/postkit). Never the source tree.
//
// Today no command reads a data file at run time (the parameter table is
// compiled in from share/parameters.tsv); a command that needs one asks here.
#pragma once

#include <filesystem>

namespace postkit {

// <directory of the running executable, symbolic links resolved>/<rel>,
// where <rel> is the path from the installed commands' directory
// (CMAKE_INSTALL_SBINDIR) to CMAKE_INSTALL_DATADIR/postkit, configured by
// CMake ("../share/postkit" with the default layout). Empty when the
// executable's path cannot be read.
std::filesystem::path data_dir();

}  // namespace postkit
