// casefold.cc: see casefold.h.
#include "casefold.h"

#ifdef POSTKIT_HAVE_ICU
#include <unicode/ucasemap.h>
#endif

#include "diag.h"

namespace postkit::postalias {

#ifdef POSTKIT_HAVE_ICU
void CaseFolder::Closer::operator()(UCaseMap* m) const {
  ucasemap_close(m);
}

CaseFolder::CaseFolder() {
  UErrorCode err = U_ZERO_ERROR;
  map_.reset(ucasemap_open("", U_FOLD_CASE_DEFAULT, &err));
  if (U_FAILURE(err)) throw FatalError(std::string("ucasemap_open: ") + u_errorName(err));
}

std::string_view CaseFolder::fold(std::string_view key, std::string* buf) {
  bool ascii = true;
  for (unsigned char c : key) ascii &= c < 0x80;
  if (ascii) return key;
  // Folding can grow the text (U+00DF becomes "ss"): retry with the size
  // ICU asks for.
  buf->resize(key.size() * 3 + 16);
  for (;;) {
    UErrorCode err = U_ZERO_ERROR;
    int32_t n = ucasemap_utf8FoldCase(map_.get(), buf->data(), static_cast<int32_t>(buf->size()),
                                      key.data(), static_cast<int32_t>(key.size()), &err);
    if (err == U_BUFFER_OVERFLOW_ERROR) {
      buf->resize(static_cast<size_t>(n));
      continue;
    }
    if (U_FAILURE(err)) throw FatalError(std::string("casefold: ") + u_errorName(err));
    buf->resize(static_cast<size_t>(n));
    return *buf;
  }
}

#else
// Built without ICU (see postalias/CMakeLists.txt): only ASCII is folded.
void CaseFolder::Closer::operator()(UCaseMap*) const {}
CaseFolder::CaseFolder() = default;
std::string_view CaseFolder::fold(std::string_view key, std::string*) {
  return key;
}
#endif

}  // namespace postkit::postalias
