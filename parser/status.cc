// status.cc: the small non-inline parts of Status (see status.h).
#include "status.h"

#include <cstring>

namespace postkit {

Status Status::from_errno(std::string_view what, int err) {
  std::string text(what);
  text += ": ";
  text += std::strerror(err);
  return {kIo, std::move(text)};
}

std::string_view Status::code_name() const {
  switch (code_) {
    case kOk:
      return "ok";
    case kNotFound:
      return "not found";
    case kRetry:
      return "retry";
    case kConfig:
      return "config";
    case kIo:
      return "io";
    case kUnsupported:
      return "unsupported";
  }
  return "unknown";
}

}  // namespace postkit
