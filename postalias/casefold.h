// casefold.h: UTF-8 case folding of lookup keys, as Postfix's casefold()
// does when SMTPUTF8 support is active (smtputf8_enable = yes, no -u):
// Unicode default case folding through ICU, so "GRÜN" and "grün" are one
// name. The Dict layer folds only ASCII (maptypes/dict.h leaves UTF-8
// folding to callers); postalias folds non-ASCII keys here first.
//
// Not thread-safe: one CaseFolder per thread.
#pragma once

#include <memory>
#include <string>
#include <string_view>

struct UCaseMap;

namespace postkit::postalias {

class CaseFolder {
 public:
  CaseFolder();  // throws FatalError when ICU cannot be initialised
  // The folded key: `key` itself when it is all ASCII (the table folds
  // ASCII), else the folded text in *buf. `key` must be valid UTF-8.
  std::string_view fold(std::string_view key, std::string* buf);

 private:
  struct Closer {
    void operator()(UCaseMap* m) const;
  };
  std::unique_ptr<UCaseMap, Closer> map_;
};

}  // namespace postkit::postalias
