// Shared constants and helpers for sriov_cfg_space (docs/config-space-map.md).
package sriov_cfg_pkg;

  // BAR kind codes used by the PF_BARn_KIND / VF_BARn_KIND parameters
  // (sriov_cfg_space only: sriov_cfg_port_space loads its masks at reset).
  /* verilator lint_off UNUSEDPARAM */
  localparam int unsigned BAR_NONE  = 0;
  localparam int unsigned BAR_MEM32 = 1;
  localparam int unsigned BAR_MEM64 = 2;  // takes this BAR and the next
  localparam int unsigned BAR_IO    = 3;  // PF only
  /* verilator lint_on UNUSEDPARAM */

  // Completion status (PCIe Cpl Status field, same values as sriov::completion_status).
  localparam logic [2:0] CPL_SC  = 3'b000;
  localparam logic [2:0] CPL_UR  = 3'b001;
  localparam logic [2:0] CPL_CRS = 3'b010;
  // CA (3'b100) is never produced by this block.

  // Request FSM; exported on the `state` output for waveforms.
  typedef enum logic [1:0] {
    ST_IDLE = 2'd0,  // req_ready = 1
    ST_BUSY = 2'd1,  // counting EP_CYCLES
    ST_RESP = 2'd2   // rsp_valid = 1, waiting for rsp_ready
  } state_e;

  // RW mask of one BAR DW: address bits above the size. `prev_kind`/`prev_size`
  // describe the BAR below; if that is mem64, this DW is its upper half, whose
  // mask is ~((size - 1) >> 32) (all ones up to 4 GiB).
  function automatic logic [31:0] bar_rw_mask(int unsigned kind, longint unsigned size,
                                              int unsigned prev_kind,
                                              longint unsigned prev_size);
    logic [31:0] addr_bits;
    addr_bits = 32'(~(64'(size) - 64'd1));
    case (kind)
      BAR_MEM32, BAR_MEM64: bar_rw_mask = addr_bits & 32'hFFFF_FFF0;
      BAR_IO:               bar_rw_mask = addr_bits & 32'hFFFF_FFFC;
      default:              bar_rw_mask = 32'h0;
    endcase
    if (prev_kind == BAR_MEM64) bar_rw_mask = 32'(~((64'(prev_size) - 64'd1) >> 32));
  endfunction

  // Low-DW read-only type bits (= reset value) of a BAR.
  function automatic logic [31:0] bar_type_bits(int unsigned kind, int unsigned prev_kind,
                                                int unsigned prefetchable);
    case (kind)
      BAR_MEM32: bar_type_bits = (prefetchable != 0) ? 32'h8 : 32'h0;
      BAR_MEM64: bar_type_bits = (prefetchable != 0) ? 32'hC : 32'h4;
      BAR_IO:    bar_type_bits = 32'h1;
      default:   bar_type_bits = 32'h0;
    endcase
    if (prev_kind == BAR_MEM64) bar_type_bits = 32'h0;
  endfunction

endpackage
