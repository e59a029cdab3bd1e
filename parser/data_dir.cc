// data_dir.cc: data_dir() (see data_dir.h). POSTKIT_DATA_RELDIR is defined
// for this file only by parser/CMakeLists.txt.
#include "data_dir.h"

#include <system_error>

namespace postkit {

std::filesystem::path data_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::canonical("/proc/self/exe", ec);
  if (ec) return {};
  return (exe.parent_path() / POSTKIT_DATA_RELDIR).lexically_normal();
}

}  // namespace postkit
