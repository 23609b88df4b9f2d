#include "sriov/endpoint/mem_completer.h"

#include "sriov/config/capability_kind.h"
#include "sriov/tlp/mem_split.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <variant>

namespace sriov::endpoint {
namespace {

constexpr uint64_t page_bytes = 4096;

template <typename Caps>
std::optional<config::msix_params> msix_of(const Caps& caps) {
    for (const config::capability& c : caps) {
        if (c.kind() == config::capability_kind::msix) {
            return std::get<config::msix_params>(c.params);
        }
    }
    return std::nullopt;
}

// Byte i of the request's DW span is enabled (First DW BE, all middle bytes,
// Last DW BE).
std::vector<uint8_t> enabled_bytes(const mem_tlp& r) {
    std::vector<uint8_t> en(4u * r.length_dw, 1);
    for (unsigned i = 0; i < 4; ++i) {
        en[i] = (r.first_be >> i) & 1;
        if (r.length_dw > 1) {
            en[en.size() - 4 + i] = (r.last_be >> i) & 1;
        }
    }
    return en;
}

// A whole, naturally aligned DW or QW: the only MSI-X accesses the spec defines.
bool whole_dw_or_qw(const mem_tlp& r) {
    if (r.length_dw == 1) {
        return r.first_be == 0xF;
    }
    return r.length_dw == 2 && (r.address & 7) == 0 && r.first_be == 0xF && r.last_be == 0xF;
}

uint64_t little_endian(const std::vector<uint8_t>& b) {
    uint64_t v = 0;
    for (std::size_t i = b.size(); i-- > 0;) {
        v = v << 8 | b[i];
    }
    return v;
}

std::vector<uint8_t> to_bytes(uint64_t v, std::size_t n) {
    std::vector<uint8_t> b(n);
    for (std::size_t i = 0; i < n; ++i) {
        b[i] = static_cast<uint8_t>(v >> (8 * i));
    }
    return b;
}

bool in_region(const bar_hit& hit, uint8_t bir, uint64_t offset, uint64_t size) {
    return hit.bar == bir && hit.offset >= offset && hit.offset - offset < size;
}

} // namespace

// --- memory_backed_target -------------------------------------------------------

bool memory_backed_target::read(const bar_hit& where, uint8_t* data, uint32_t size) {
    for (uint32_t i = 0; i < size; ++i) {
        const uint64_t at = where.offset + i;
        const auto it = pages_.find({{where.function.value, where.bar}, at / page_bytes});
        data[i] = it == pages_.end() ? 0 : it->second[at % page_bytes];
    }
    return true;
}

bool memory_backed_target::write(const bar_hit& where, const uint8_t* data, const uint8_t* enabled,
                                 uint32_t size) {
    for (uint32_t i = 0; i < size; ++i) {
        if (enabled[i] != 0) {
            const uint64_t at = where.offset + i;
            pages_[{{where.function.value, where.bar}, at / page_bytes}][at % page_bytes] = data[i];
        }
    }
    return true;
}

// --- mem_completer ---------------------------------------------------------------

mem_completer::mem_completer(const config::device_description& description, routing_id device_rid)
    : device_rid_(device_rid) {
    for (const config::pf_description& pf : description.pfs) {
        msix_place own;
        msix_place vfs;
        if (const auto p = msix_of(pf.pf_capabilities)) {
            own = {true, *p, pf.pf_msix_vectors};
        }
        if (const auto p = msix_of(pf.vf_capabilities)) {
            vfs = {true, *p, pf.vf_msix_vectors};
        }
        msix_places_.emplace_back(own, vfs);
    }
}

const mem_completer::msix_place& mem_completer::place_of(const bar_hit& function) const {
    static const msix_place none{};
    if (function.pf_index >= msix_places_.size()) {
        return none;
    }
    const auto& places = msix_places_[function.pf_index];
    return function.is_vf ? places.second : places.first;
}

bool mem_completer::has_msix(const bar_hit& function) const {
    return place_of(function).present;
}

std::vector<routing_id> mem_completer::functions_with_pending() const {
    std::vector<routing_id> r;
    for (const auto& [rid, table] : msix_) {
        if (table->any_pending()) {
            r.emplace_back(rid);
        }
    }
    return r;
}

bool mem_completer::any_pending() const {
    return std::any_of(msix_.begin(), msix_.end(),
                       [](const auto& kv) { return kv.second->any_pending(); });
}

msix_table& mem_completer::msix(const bar_hit& function) {
    const msix_place& place = place_of(function);
    if (!place.present) {
        throw std::invalid_argument("function " + to_string(function.function) +
                                    " has no MSI-X capability");
    }
    auto& t = msix_[function.function.value];
    if (!t) {
        t = std::make_unique<msix_table>(place.vectors);
    }
    return *t;
}

std::optional<mem_response> mem_completer::try_msix(const mem_tlp& request, const bar_hit& hit,
                                                    const completer_params& params) {
    const msix_place& place = place_of(hit);
    if (!place.present) {
        return std::nullopt;
    }
    const uint32_t table_size = 16u * place.vectors;
    const uint32_t pba_size = 8u * ((place.vectors + 63u) / 64u);
    const bool table = in_region(hit, place.where.table_bir, place.where.table_offset, table_size);
    const bool pba = in_region(hit, place.where.pba_bir, place.where.pba_offset, pba_size);
    if (!table && !pba) {
        return std::nullopt;
    }
    mem_response r;
    const bool read = !is_mem_write(request.type);
    msix_table& t = msix(hit);
    const auto offset = static_cast<uint32_t>(
        hit.offset - (table ? place.where.table_offset : place.where.pba_offset));
    const unsigned size = 4u * request.length_dw;
    msix_access a;
    if (whole_dw_or_qw(request)) {
        if (read) {
            a = table ? t.read_table(offset, size) : t.read_pba(offset, size);
        } else {
            a = table ? t.write_table(offset, size, little_endian(request.payload))
                      : t.write_pba(offset, size);
        }
    }
    if (read) {
        r.completions = a.ok ? make_read_completions(request, hit.function, to_bytes(a.data, size),
                                                     params.rcb, params.max_payload)
                             : std::vector<mem_tlp>{make_read_error_completion(
                                   request, hit.function, completion_status::completer_abort)};
    }
    r.messages = std::move(a.released);
    return r;
}

mem_response mem_completer::handle(const mem_tlp& request, const completer_params& params) {
    if (!is_mem_request(request.type) || validate(request) != mem_decode_error::none) {
        throw mem_tlp_error(std::string("mem_completer: not a well-formed memory request (") +
                            to_string(validate(request)) + ")");
    }
    const bool read = !is_mem_write(request.type);
    const uint32_t size = 4u * request.length_dw;
    const std::optional<bar_hit> hit = decoder_.decode(request.address, size);
    mem_response r;
    if (!hit) {
        r.unsupported = true;
        if (read) {
            r.completions.push_back(make_read_error_completion(
                request, device_rid_, completion_status::unsupported_request));
        } else {
            ++unsupported_writes_;
        }
        return r;
    }
    if (std::optional<mem_response> m = try_msix(request, *hit, params)) {
        return std::move(*m);
    }
    if (!read) {
        if (!target_->write(*hit, request.payload.data(), enabled_bytes(request).data(), size)) {
            ++refused_writes_;
        }
        return r;
    }
    std::vector<uint8_t> data(size, 0);
    const bool zero_length = request.length_dw == 1 && request.first_be == 0;
    // The byte enables only when one is off (no allocation for the usual whole DWs).
    const bool all_enabled =
        request.first_be == 0xF && (request.length_dw == 1 || request.last_be == 0xF);
    const std::vector<uint8_t> enabled =
        all_enabled ? std::vector<uint8_t>{} : enabled_bytes(request);
    if (!zero_length && !target_->read_with_enables(*hit, data.data(),
                                                    all_enabled ? nullptr : enabled.data(), size)) {
        r.completions.push_back(
            make_read_error_completion(request, hit->function, completion_status::completer_abort));
        return r;
    }
    r.completions =
        make_read_completions(request, hit->function, data, params.rcb, params.max_payload);
    return r;
}

} // namespace sriov::endpoint
