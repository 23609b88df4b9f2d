// The root complex's memory path (issue 15; docs/data-path.md): the host's
// memory accesses inside a configured address window become MRd/MWr TLPs on
// the link's memory lane (link/mem_lane.h), split by Max_Read_Request_Size /
// Max_Payload_Size (split_transfer), read data reassembled from the CplDs; and
// the upstream target for the memory writes the device sends (MSI-X messages
// now), each recorded with its simulated arrival time for the host model.
//
// `host` (TLM target, any initiator): a read or write of 1..2^32-1 bytes,
// streaming width = length, byte enables optional: each TLP covers the DWs
// from its first to its last enabled byte with First / Last DW BE from them
// (PCIe r5.0 2.2.5), a piece without an enabled byte sends nothing, a read
// changes only enabled bytes. Refused without a TLP: another command
// (TLM_COMMAND_ERROR_RESPONSE), byte enables one TLP of the split cannot
// carry (a disabled byte in a middle DW, a gap in the first or last DW of a
// TLP longer than a QW-aligned 2 DW: TLM_BYTE_ENABLE_ERROR_RESPONSE), a
// streaming width below the length
// (TLM_BURST_ERROR_RESPONSE), length 0, an access that wraps past 2^64 or is
// not entirely inside the window (TLM_ADDRESS_ERROR_RESPONSE). A read chunk
// answered UR (nothing claimed it) gives TLM_ADDRESS_ERROR_RESPONSE, CA or a
// missing/mismatched completion TLM_GENERIC_ERROR_RESPONSE; its bytes read as
// all ones, as a root complex returns for a failed read. Writes are posted:
// the host cannot see whether a function claimed them (the endpoint counts
// those nobody claimed).
//
// Timing per TLP: the root complex's request pipeline (request_cycles), the
// lane's time down, the endpoint, the completions up, and for reads the
// completion pipeline (completion_cycles). LT: on the annotated delay. AT
// (the root complex's mode): the access is a blocking call from an initiator
// thread, as on rc.ecam: the thread waits through the pipelines and the
// lane's booked link time, and returns with delay 0.
#pragma once

#include "sriov/pcie/access.h"
#include "sriov/root_complex/root_complex_config.h"
#include "sriov/tlp/mem_split.h"
#include "sriov/tlp/mem_tlp.h"

#include <cstdint>
#include <functional>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <vector>

namespace sriov::root_complex {

struct byte_enables;

// One memory write the device sent upstream (an MSI-X message).
struct upstream_write {
    uint64_t address = 0;
    uint32_t data = 0; // the first up-to-4 bytes, little-endian
    uint32_t bytes = 0;
    routing_id requester;
    sc_core::sc_time time; // when it reached the root complex
};

// Where the window's memory reads take their tags: the root complex's one
// allocator, shared with its config requests (tags and the outstanding
// limit). acquire_tag: a tag not in flight (AT: the calling thread waits
// while the outstanding limit is reached); release_tag once answered.
class tag_allocator {
public:
    virtual ~tag_allocator() = default;
    virtual uint16_t acquire_tag() = 0;
    virtual void release_tag(uint16_t tag) = 0;
};

class mmio_window : public sc_core::sc_module {
public:
    tlm_utils::simple_target_socket_optional<mmio_window> host;
    tlm_utils::simple_initiator_socket_optional<mmio_window> link_port; // link.mem.down_in
    tlm_utils::simple_target_socket_optional<mmio_window> upstream;     // link.mem.up_out

    mmio_window(sc_core::sc_module_name name, const root_complex_config& cfg);

    // Host addresses [base, limit] go to the link (everything by default).
    // Returns false (and changes nothing) when base > limit.
    bool set_window(uint64_t base, uint64_t limit);
    uint64_t base() const { return base_; }
    uint64_t limit() const { return limit_; }
    // The root port's Max_Payload_Size / Max_Read_Request_Size in bytes
    // (128..4096, powers of two); false and no change otherwise. At
    // construction: root_complex_config's max_payload_size /
    // max_read_request_size (an invalid value is an SC_REPORT_ERROR).
    bool set_sizes(uint32_t max_payload, uint32_t max_read_request);
    uint32_t max_payload() const { return max_payload_; }
    uint32_t max_read_request() const { return max_read_request_; }

    // The memory writes received upstream, in arrival order; `on_write` is
    // called for each as it is recorded (delivery time in the record).
    const std::vector<upstream_write>& writes() const { return writes_; }
    void on_write(std::function<void(const upstream_write&)> callback) {
        callback_ = std::move(callback);
    }

    // MRd tags from `tags` (the root complex's) from now on; without one a
    // window on its own counts 8-bit tags round robin. MWr carry tag 0
    // (posted: PCIe r5.0 2.2.6.2, the Tag of a posted request is undefined).
    void use_tags(tag_allocator& tags) { tags_ = &tags; }

    uint64_t tlps_sent() const { return tlps_sent_; }
    uint64_t failed_reads() const { return failed_reads_; }

private:
    void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    void receive(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
    tlm::tlm_response_status refused(const tlm::tlm_generic_payload& gp) const;
    bool expressible(const tlm::tlm_generic_payload& gp) const;
    static mem_chunk next_chunk(uint64_t address, uint32_t length, uint32_t done,
                                uint32_t max_bytes);
    uint16_t acquire_tag();
    tlm::tlm_response_status send_masked(bool write, const mem_chunk& c, uint32_t done,
                                         const byte_enables& en, uint8_t* data,
                                         sc_core::sc_time& delay);
    // One MRd/MWr of a transfer; reads copy their data to `data`.
    tlm::tlm_response_status send(mem_tlp& request, uint8_t* data, uint32_t bytes,
                                  sc_core::sc_time& delay);
    static tlm::tlm_response_status take_read(const mem_tlp& request,
                                              const std::vector<mem_tlp>& completions,
                                              uint8_t* data, uint32_t bytes);
    void pipeline(const sc_core::sc_time& t, sc_core::sc_time& delay) const;

    bool at_;
    routing_id requester_;
    sc_core::sc_time request_time_;
    sc_core::sc_time completion_time_;
    uint64_t base_ = 0;
    uint64_t limit_ = ~uint64_t{0};
    uint32_t max_payload_ = 128;
    uint32_t max_read_request_ = 512;
    uint16_t tag_ = 0;
    tag_allocator* tags_ = nullptr;
    std::vector<upstream_write> writes_;
    std::function<void(const upstream_write&)> callback_;
    uint64_t tlps_sent_ = 0;
    uint64_t failed_reads_ = 0;
};

} // namespace sriov::root_complex
