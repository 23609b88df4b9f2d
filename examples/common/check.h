// The examples' one rule: every value they read is compared with what it
// must be, and a wrong one ends the program with a non-zero exit status (the
// CTest and CI runs of the examples fail on it).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace example {

inline void check(bool ok, const char* what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok) {
        std::exit(1);
    }
}

// A step that must succeed: silent unless it fails.
inline void require(bool ok, const char* what) {
    if (!ok) {
        check(ok, what);
    }
}

inline void check_value(uint64_t got, uint64_t expected, const char* what) {
    std::printf("%s %s: 0x%llX", got == expected ? "ok  " : "FAIL", what,
                static_cast<unsigned long long>(got));
    if (got != expected) {
        std::printf(" (expected 0x%llX)\n", static_cast<unsigned long long>(expected));
        std::exit(1);
    }
    std::printf("\n");
}

} // namespace example
