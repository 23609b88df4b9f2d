// Internal to the dump importer: reading a dumped function's bytes and
// decoding its capability lists into the schema's capability entries.
#pragma once

#include "sriov/config/dump_import.h"

#include <string>
#include <vector>

namespace sriov::config::dump {

// Little-endian fields of one dumped function; bytes past the dump read 0.
struct function_bytes {
    const function_dump& f;

    uint8_t b(unsigned off) const { return off < f.bytes.size() ? f.bytes[off] : uint8_t{0}; }
    uint16_t w(unsigned off) const { return static_cast<uint16_t>(b(off) | b(off + 1) << 8); }
    uint32_t dw(unsigned off) const { return uint32_t{w(off)} | uint32_t{w(off + 2)} << 16; }
    // "FILE:LINE: bb:dd.f: " for messages.
    std::string at() const;
};

// The capability lists of `fn` in chain order (standard from the Capabilities
// Pointer, then extended from 0x100), each with the parameters its registers
// hold. The MSI-X Table Size goes to `msix_vectors`. A capability the schema
// has no type for is an import_error naming its ID and offset, or, with
// `allow_differences`, left out with a note.
std::vector<capability> decode_capabilities(const function_bytes& fn, uint16_t& msix_vectors,
                                            bool allow_differences,
                                            std::vector<std::string>& notes);

} // namespace sriov::config::dump
