#include "sriov/root_complex/mmio_window.h"

#include "access_bytes.h"

#include "sriov/tlp/mem_split.h"
#include "sriov/tlp/mem_tlp_extension.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace sriov::root_complex {

namespace {

sc_core::sc_time cycles(unsigned n, unsigned mhz) {
    return mhz == 0 ? sc_core::SC_ZERO_TIME // refused by the root complex itself
                    : sc_core::sc_time(static_cast<double>(n) * 1e6 / mhz, sc_core::SC_PS);
}

bool valid_size(uint32_t bytes) {
    return bytes >= 128 && bytes <= 4096 && (bytes & (bytes - 1)) == 0;
}

// The worse of two outcomes: an address error (UR) outranks a generic one.
tlm::tlm_response_status worse(tlm::tlm_response_status a, tlm::tlm_response_status b) {
    if (a == tlm::TLM_ADDRESS_ERROR_RESPONSE || b == tlm::TLM_ADDRESS_ERROR_RESPONSE) {
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    return a != tlm::TLM_OK_RESPONSE ? a : b;
}

// The TLP span of the enabled bytes of chunk `c`, `done` bytes into the
// access (enabled_span: nullopt when none, mem_tlp_error when the byte
// enables of one request cannot express them).
std::optional<dw_span> chunk_span(const mem_chunk& c, uint32_t done, const byte_enables& en) {
    std::vector<uint8_t> e(c.bytes);
    for (uint32_t i = 0; i < c.bytes; ++i) {
        e[i] = en(done + i) ? 1 : 0;
    }
    return enabled_span(c.address, e.data(), c.bytes);
}

} // namespace

mmio_window::mmio_window(sc_core::sc_module_name name, const root_complex_config& cfg)
    : sc_core::sc_module(name), host("host"), link_port("link_port"), upstream("upstream"),
      at_(cfg.mode == coding_style::at), requester_(cfg.requester_id),
      request_time_(cycles(cfg.request_cycles, cfg.clock_mhz)),
      completion_time_(cycles(cfg.completion_cycles, cfg.clock_mhz)) {
    host.register_b_transport(this, &mmio_window::b_transport);
    upstream.register_b_transport(this, &mmio_window::receive);
    if (!set_sizes(cfg.max_payload_size, cfg.max_read_request_size)) {
        const std::string msg = "invalid root complex configuration: max_payload_size " +
                                std::to_string(cfg.max_payload_size) + ", max_read_request_size " +
                                std::to_string(cfg.max_read_request_size) +
                                " (powers of two 128..4096)";
        SC_REPORT_ERROR("sriov/root_complex", msg.c_str()); // the defaults stay
    }
}

bool mmio_window::set_window(uint64_t base, uint64_t limit) {
    if (base > limit) {
        return false;
    }
    base_ = base;
    limit_ = limit;
    return true;
}

bool mmio_window::set_sizes(uint32_t max_payload, uint32_t max_read_request) {
    if (!valid_size(max_payload) || !valid_size(max_read_request)) {
        return false;
    }
    max_payload_ = max_payload;
    max_read_request_ = max_read_request;
    return true;
}

tlm::tlm_response_status mmio_window::refused(const tlm::tlm_generic_payload& gp) const {
    if (!gp.is_read() && !gp.is_write()) {
        return tlm::TLM_COMMAND_ERROR_RESPONSE;
    }
    const uint64_t length = gp.get_data_length();
    if (gp.get_streaming_width() < length) {
        return tlm::TLM_BURST_ERROR_RESPONSE;
    }
    const uint64_t first = gp.get_address();
    // length - 1 <= limit - first: inside the window, and nothing wraps.
    if (length == 0 || gp.get_data_ptr() == nullptr || first < base_ || first > limit_ ||
        length - 1 > limit_ - first) {
        return tlm::TLM_ADDRESS_ERROR_RESPONSE;
    }
    if (gp.get_byte_enable_ptr() != nullptr && !expressible(gp)) {
        return tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE;
    }
    return tlm::TLM_INCOMPLETE_RESPONSE; // admissible
}

// Every TLP of the access can carry its byte enables (checked before the
// first is sent, so a refused access changes nothing).
bool mmio_window::expressible(const tlm::tlm_generic_payload& gp) const {
    const byte_enables en = enables_of(gp);
    const uint32_t max_bytes = gp.is_write() ? max_payload_ : max_read_request_;
    const uint32_t length = gp.get_data_length();
    for (uint32_t done = 0; done < length;) {
        const mem_chunk c = next_chunk(gp.get_address(), length, done, max_bytes);
        try {
            chunk_span(c, done, en);
        } catch (const mem_tlp_error&) {
            return false;
        }
        done += c.bytes;
    }
    return true;
}

mem_chunk mmio_window::next_chunk(uint64_t address, uint32_t length, uint32_t done,
                                  uint32_t max_bytes) {
    return split_transfer(address + done, std::min<uint64_t>(length - done, max_bytes), max_bytes)
        .front();
}

void mmio_window::pipeline(const sc_core::sc_time& t, sc_core::sc_time& delay) const {
    if (at_) {
        sc_core::wait(t);
    } else {
        delay += t;
    }
}

void mmio_window::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    const tlm::tlm_response_status refusal = refused(gp);
    if (refusal != tlm::TLM_INCOMPLETE_RESPONSE) {
        gp.set_response_status(refusal);
        return;
    }
    if (at_) { // the thread catches up with its annotated time first
        sc_core::wait(delay);
        delay = sc_core::SC_ZERO_TIME;
    }
    const bool write = gp.is_write();
    const uint64_t address = gp.get_address();
    const uint32_t length = gp.get_data_length();
    const uint32_t max_bytes = write ? max_payload_ : max_read_request_;
    uint8_t* data = gp.get_data_ptr();
    tlm::tlm_response_status status = tlm::TLM_OK_RESPONSE;
    const byte_enables en = enables_of(gp);
    const bool masked = gp.get_byte_enable_ptr() != nullptr;
    // One TLP at a time (a transfer of up to 4 GiB is never split up front).
    for (uint32_t done = 0; done < length;) {
        const mem_chunk c = next_chunk(address, length, done, max_bytes);
        uint8_t* at = data + done;
        if (masked) {
            status = worse(status, send_masked(write, c, done, en, data, delay));
        } else {
            mem_tlp request = write ? make_mem_write(requester_, 0, c.address,
                                                     std::vector<uint8_t>(at, at + c.bytes))
                                    : make_mem_read(requester_, 0, c.address, c.bytes);
            status = worse(status, send(request, at, c.bytes, delay));
        }
        done += c.bytes;
    }
    gp.set_response_status(status);
}

uint16_t mmio_window::acquire_tag() {
    if (tags_ != nullptr) {
        return tags_->acquire_tag();
    }
    const uint16_t tag = tag_;
    tag_ = static_cast<uint16_t>((tag_ + 1) & 0xFF);
    return tag;
}

// One chunk of an access with byte enables: the TLP covers the DWs from its
// first to its last enabled byte; a write carries only the enabled bytes
// (the others are 0 and disabled by the BEs), a read changes only the
// enabled bytes of the caller's buffer (all ones for those when it fails).
tlm::tlm_response_status mmio_window::send_masked(bool write, const mem_chunk& c, uint32_t done,
                                                  const byte_enables& en, uint8_t* data,
                                                  sc_core::sc_time& delay) {
    const std::optional<dw_span> span = chunk_span(c, done, en); // checked by expressible()
    if (!span) {
        return tlm::TLM_OK_RESPONSE; // no byte enabled: no TLP
    }
    const uint64_t access = c.address - done; // the access's first byte address
    const uint32_t span_bytes = 4u * span->length_dw;
    const auto enabled = [&](uint64_t a) {
        return a >= c.address && a - c.address < c.bytes && en(static_cast<uint32_t>(a - access));
    };
    if (write) {
        std::vector<uint8_t> payload(span_bytes, 0);
        for (uint32_t i = 0; i < span_bytes; ++i) {
            if (enabled(span->dw_address + i)) {
                payload[i] = data[span->dw_address + i - access];
            }
        }
        mem_tlp request = make_mem_write(requester_, 0, *span, std::move(payload));
        return send(request, data + done, c.bytes, delay);
    }
    mem_tlp request = make_mem_read(requester_, 0, *span);
    const uint64_t start =
        span->dw_address | read_lower_address(span->dw_address, span->first_be) % 4;
    std::vector<uint8_t> got(read_byte_count(span->length_dw, span->first_be, span->last_be));
    const tlm::tlm_response_status s =
        send(request, got.data(), static_cast<uint32_t>(got.size()), delay);
    for (uint32_t i = 0; i < got.size(); ++i) {
        if (enabled(start + i)) {
            data[start + i - access] = got[i]; // all ones already when the read failed
        }
    }
    return s;
}

tlm::tlm_response_status mmio_window::send(mem_tlp& request, uint8_t* data, uint32_t bytes,
                                           sc_core::sc_time& delay) {
    const bool write = is_mem_write(request.type);
    if (!write) {
        request.tag = acquire_tag(); // AT: may wait for the outstanding limit
    }
    pipeline(request_time_, delay);
    mem_tlp_extension ext(request);
    std::vector<uint8_t> buffer(write ? 0 : bytes);
    tlm::tlm_generic_payload gp;
    gp.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp.set_address(request.address);
    gp.set_data_ptr(write ? data : buffer.data());
    gp.set_data_length(bytes);
    gp.set_streaming_width(bytes);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    gp.set_extension(&ext);
    ++tlps_sent_;
    if (link_port.size() != 0) {
        link_port->b_transport(gp, delay);
    }
    gp.clear_extension(&ext);
    if (write) {
        return tlm::TLM_OK_RESPONSE; // posted
    }
    if (tags_ != nullptr) {
        tags_->release_tag(request.tag); // its completions are in
    }
    pipeline(completion_time_, delay);
    const tlm::tlm_response_status s = take_read(request, ext.completions, data, bytes);
    if (s != tlm::TLM_OK_RESPONSE) {
        ++failed_reads_;
        std::fill_n(data, bytes, uint8_t{0xFF});
    }
    return s;
}

// The CplDs of one read, in order: each must be this request's (tag,
// requester), SC, and together return exactly the requested bytes.
tlm::tlm_response_status mmio_window::take_read(const mem_tlp& request,
                                                const std::vector<mem_tlp>& completions,
                                                uint8_t* data, uint32_t bytes) {
    if (completions.empty()) {
        return tlm::TLM_ADDRESS_ERROR_RESPONSE; // nothing behind the link answered
    }
    uint32_t filled = 0;
    for (const mem_tlp& cpl : completions) {
        if (cpl.tag != request.tag || cpl.requester != request.requester ||
            !is_mem_completion(cpl.type)) {
            return tlm::TLM_GENERIC_ERROR_RESPONSE;
        }
        if (cpl.status == completion_status::unsupported_request) {
            return tlm::TLM_ADDRESS_ERROR_RESPONSE;
        }
        if (cpl.type != mem_tlp_type::cpl_d || cpl.status != completion_status::successful) {
            return tlm::TLM_GENERIC_ERROR_RESPONSE;
        }
        const std::size_t skip = cpl.lower_address % 4;
        if (skip > cpl.payload.size()) {
            return tlm::TLM_GENERIC_ERROR_RESPONSE;
        }
        const std::size_t n = std::min<std::size_t>(
            {cpl.byte_count, cpl.payload.size() - skip, std::size_t{bytes - filled}});
        std::memcpy(data + filled, cpl.payload.data() + skip, n);
        filled += static_cast<uint32_t>(n);
    }
    return filled == bytes ? tlm::TLM_OK_RESPONSE : tlm::TLM_GENERIC_ERROR_RESPONSE;
}

void mmio_window::receive(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
    if (!gp.is_write() || gp.get_data_ptr() == nullptr || gp.get_data_length() == 0) {
        gp.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
    upstream_write w;
    w.address = gp.get_address();
    w.bytes = gp.get_data_length();
    for (unsigned i = 0; i < std::min(w.bytes, 4u); ++i) {
        w.data |= uint32_t{gp.get_data_ptr()[i]} << (8 * i);
    }
    if (const auto* ext = gp.get_extension<mem_tlp_extension>()) {
        w.requester = ext->request.requester;
    }
    w.time = sc_core::sc_time_stamp() + delay;
    writes_.push_back(w);
    if (callback_) {
        callback_(w);
    }
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

} // namespace sriov::root_complex
