// Request channel of the config-space blocks (docs/rtl-interface.md,
// "Handshakes and latency"), one implementation for sriov_cfg_space and
// sriov_cfg_port_space: IDLE -> (request handshake) BUSY for cnt_start + 1
// edges -> RESP (rsp_valid) -> (response handshake) IDLE. `exec` marks the
// last BUSY edge, where the request takes effect. The outputs are registers
// or functions of registers only (the testbench relies on it).
module sriov_req_fsm #(
    parameter int unsigned CW = 16  // latency counter width
) (
    input  logic          clk,
    input  logic          rst_n,      // synchronous, active low: back to IDLE
    input  logic          req_valid,
    input  logic          rsp_ready,
    input  logic [CW-1:0] cnt_start,  // response latency in edges, less one
    output logic          req_ready,
    output logic          rsp_valid,
    output logic          exec,       // the request takes effect at this edge
    output logic          busy,
    output logic [1:0]    state       // sriov_cfg_pkg::state_e, for waveforms
);

  localparam sriov_cfg_pkg::state_e ST_IDLE = sriov_cfg_pkg::ST_IDLE;
  localparam sriov_cfg_pkg::state_e ST_BUSY = sriov_cfg_pkg::ST_BUSY;
  localparam sriov_cfg_pkg::state_e ST_RESP = sriov_cfg_pkg::ST_RESP;

  sriov_cfg_pkg::state_e st_q;
  logic [CW-1:0] cnt_q;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      st_q  <= ST_IDLE;
      cnt_q <= '0;
    end else begin
      unique case (st_q)
        ST_IDLE: if (req_valid) begin
          st_q  <= ST_BUSY;
          cnt_q <= cnt_start;
        end
        ST_BUSY: if (cnt_q == '0) st_q <= ST_RESP;
                 else cnt_q <= cnt_q - 1'b1;
        ST_RESP: if (rsp_ready) st_q <= ST_IDLE;
        default: st_q <= ST_IDLE;
      endcase
    end
  end

  assign exec      = (st_q == ST_BUSY) && (cnt_q == '0);
  assign req_ready = (st_q == ST_IDLE);
  assign rsp_valid = (st_q == ST_RESP);
  assign busy      = (st_q != ST_IDLE);
  assign state     = st_q;

endmodule
