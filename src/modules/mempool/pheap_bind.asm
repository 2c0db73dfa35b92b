; pheap_bind.asm - the packet heap's entries named in the API table in
; place of the classes' (init only: part of the init part the loader
; drops).  pheap.h.
; C twin: the host port's pheap_bind (src/port/host/pool_host.c).

cpu 286
%include "mem_api_idx.inc"

section .text

extern _mod_api_table, _mod_pkt_htake, _mod_pkt_halloc
global _pheap_bind

; void pheap_bind(void)
; mem_pkt_alloc and mem_pkt_take answer from the heap from the next call
; on (the client library reads the table once init has returned).
; In: nothing (DS = the module).  Out: nothing.  Modifies: nothing but the
; two table words.  Context: init.
_pheap_bind:
    mov word [_mod_api_table + 2 * MEM_FN_PKT_TAKE], _mod_pkt_htake
    mov word [_mod_api_table + 2 * MEM_FN_PKT_ALLOC], _mod_pkt_halloc
    ret
