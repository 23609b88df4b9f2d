// The host side of a driver's register accesses (issue 15 item 7): the
// mappings of MmMapIoSpaceEx / NdisMMapIoSpace (win/wdm_io_space.h,
// win/ndis_io_space.h) and the TLM initiator that turns each
// READ_REGISTER_ULONG / WRITE_REGISTER_ULONG (and the NDIS macros) into a
// read or write on the root complex's MMIO window (rc.mmio.host) at the
// mapped bus address, from the calling driver thread: LT, the access's
// annotated delay waited at once (a register access is a synchronous load or
// store for the driver). Bind `socket` to rc.mmio.host.
//
// One io_space per simulation serves the C routines (they have no device
// handle): the one constructed last that is still alive. A mapping is a range
// of virtual addresses reserved with no access (mmap PROT_NONE): unique,
// never aliasing memory, and a direct dereference by driver code faults
// instead of silently missing the device.
//
// Failures never crash: an access outside every mapping, one that does not
// fit its mapping, a write through a read-only mapping, or a call outside an
// SC_THREAD reads all ones and writes nothing (SC_REPORT_WARNING with message
// type "sriov/sw_stubs/io_space", counted as refused); an access the device
// fails (UR: nothing claims the address, CA) reads all ones as the root
// complex returns them (counted as failed, no warning: a driver checks).
#pragma once

#include <cstdint>
#include <map>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

namespace sriov::sw_stubs {

class io_space : public sc_core::sc_module {
public:
    tlm_utils::simple_initiator_socket<io_space> socket;

    explicit io_space(const sc_core::sc_module_name& name);
    ~io_space() override;
    io_space(const io_space&) = delete;
    io_space& operator=(const io_space&) = delete;

    // The io_space the C routines use; nullptr when there is none.
    static io_space* current();

    // Maps [bus_address, bus_address + bytes): the virtual base, or nullptr
    // when bytes is 0, the range wraps past 2^64 - 1 or no address space can
    // be reserved.
    void* map(uint64_t bus_address, uint64_t bytes, bool writable);
    // Removes the mapping at `base` of `bytes`; false (and nothing changes)
    // when there is no such mapping.
    bool unmap(const void* base, uint64_t bytes);

    // A register access of `bytes` (1..8) at virtual address `at`. Reads
    // return all ones on any failure; writes then do nothing.
    uint64_t read(const volatile void* at, unsigned bytes);
    void write(const volatile void* at, unsigned bytes, uint64_t value);

    // The bus address of [at, at + bytes) when one mapping holds it whole.
    bool bus_address_of(const volatile void* at, unsigned bytes, uint64_t& bus) const;

    std::size_t mappings() const { return maps_.size(); }
    uint64_t reads() const { return reads_; }
    uint64_t writes() const { return writes_; }
    uint64_t refused() const { return refused_; } // unmapped, misfit, read-only, no thread
    uint64_t failed() const { return failed_; }   // the device answered with an error

private:
    struct mapping {
        uint64_t bus = 0;
        uint64_t bytes = 0;
        bool writable = false;
    };
    const mapping* find(const volatile void* at, unsigned bytes) const;
    bool transport(tlm::tlm_command cmd, uint64_t bus, uint8_t* data, unsigned bytes);
    bool admissible(const volatile void* at, unsigned bytes, bool write, uint64_t& bus);

    std::map<uintptr_t, mapping> maps_; // virtual base -> mapping
    uint64_t reads_ = 0;
    uint64_t writes_ = 0;
    uint64_t refused_ = 0;
    uint64_t failed_ = 0;
};

} // namespace sriov::sw_stubs
