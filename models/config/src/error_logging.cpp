// The error logging rules of PCIe Base 6.2 for the errors the model detects;
// docs/config-space-map.md ("Error logging") gives each rule and its source.
#include "error_logging.h"

#include "sriov/pcie/registers.h"
#include "sriov/tlp/tlp.h"

#include <cstring>

namespace sriov::config {

namespace {

// The spec's reset value of the Uncorrectable Error Severity register
// (PCIe Base 7.8.4.4): the severity of a function without AER.
constexpr uint32_t default_severity = 0x00462030;

uint32_t status_bit(detected_error e) {
    return e == detected_error::unsupported_request ? bits::aer_uncor_unsupported_request
                                                    : bits::aer_uncor_malformed_tlp;
}

unsigned bit_index(uint32_t bit) {
    unsigned i = 0;
    while (i < 31 && ((bit >> i) & 1u) == 0) {
        ++i;
    }
    return i;
}

// The little-endian register of `width` (2 or 4) bytes at `off`: one copy
// each way, as register_layout::store_dw (the model runs on little-endian
// hosts).
uint32_t load(const uint8_t* v, unsigned off, unsigned width) {
    uint32_t x = 0;
    std::memcpy(&x, v + off, width);
    return x;
}

void store(uint8_t* v, unsigned off, unsigned width, uint32_t x) {
    std::memcpy(v + off, &x, width);
}

// The AER part (7.8.4): status always; First Error Pointer and Header Log
// only for an unmasked error while the pointer is not valid (the status bit
// it names is clear: 7.8.4.7, 6.2.4.2 without Multiple Header Recording).
void log_aer(const register_layout& l, uint8_t* v, uint16_t aer, uint32_t bit, bool advisory,
             const tlp& t) {
    const unsigned status_at = aer + aer_field::uncor_status;
    const uint32_t status = load(v, status_at, 4);
    const unsigned cap_at = aer + aer_field::cap_ctrl;
    const uint32_t cap_ctrl = load(v, cap_at, 4);
    const bool pointer_valid = ((status >> (cap_ctrl & bits::aer_first_error_pointer)) & 1u) != 0;
    const bool masked = (load(v, aer + aer_field::uncor_mask, 4) & bit) != 0;
    if (!masked && !pointer_valid) {
        store(v, cap_at, 4, (cap_ctrl & ~bits::aer_first_error_pointer) | bit_index(bit));
        const header_log h = header_log_of(t);
        for (unsigned i = 0; i < 4; ++i) {
            store(v, aer + aer_field::header_log + 4 * i, 4, h[i]);
        }
    }
    store(v, status_at, 4, status | bit);
    const unsigned cor_at = aer + aer_field::cor_status;
    const uint32_t advisory_bit = bits::aer_cor_advisory_non_fatal & l.rw1c_dw(cor_at / 4);
    if (advisory && advisory_bit != 0) {
        store(v, cor_at, 4, load(v, cor_at, 4) | advisory_bit);
    }
}

} // namespace

header_log header_log_of(const tlp& t) {
    const tlp_bytes b = encode(t);
    const unsigned header_dws = (b[0] & 0x20) != 0 ? 4 : 3; // Fmt bit 0: 4 DW header
    header_log h{};
    for (unsigned i = 0; i < header_dws && 4 * i + 3 < b.size(); ++i) {
        h[i] = uint32_t{b[4 * i]} << 24 | uint32_t{b[4 * i + 1]} << 16 |
               uint32_t{b[4 * i + 2]} << 8 | b[4 * i + 3];
    }
    return h;
}

void log_error(const register_layout& l, uint8_t* v, detected_error e, const tlp& t) {
    const uint32_t bit = status_bit(e);
    const uint16_t aer = l.capability_offset(capability_kind::aer);
    // An AER function logs only the errors it implements (status RW1CS bits).
    const bool implemented =
        aer != 0 && (l.rw1c_dw((aer + aer_field::uncor_status) / 4) & bit) != 0;
    const uint32_t severity =
        implemented ? load(v, aer + aer_field::uncor_severity, 4) : default_severity;
    const bool fatal = (severity & bit) != 0;
    const uint16_t pcie = l.capability_offset(capability_kind::pcie);
    // A completer with Role-Based Error Reporting handles a Non-Fatal UR as
    // an Advisory Non-Fatal Error: Correctable Error Detected (6.2.3.2.4.1).
    const bool advisory =
        e == detected_error::unsupported_request && !fatal &&
        (load(v, pcie + pcie_field::dev_cap, 4) & bits::dev_cap_role_based_errors) != 0;
    uint32_t detected = advisory ? bits::dev_status_ced
                        : fatal  ? bits::dev_status_fed
                                 : bits::dev_status_nfed;
    if (e == detected_error::unsupported_request) {
        detected |= bits::dev_status_urd;
    }
    const unsigned status_at = pcie + pcie_field::dev_status;
    store(v, status_at, 2, load(v, status_at, 2) | detected);
    if (implemented) {
        log_aer(l, v, aer, bit, advisory, t);
    }
}

} // namespace sriov::config
