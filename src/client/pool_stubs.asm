; pool_stubs.asm - the client library's stubs for the pools' hot entries
; (mem_small_alloc, mem_small_free, mem_pkt_alloc, mem_pkt_free): each
; takes its C arguments into registers and calls the module's register
; entry (mem_small_take, mem_small_give, mem_pkt_take, mem_pkt_give) with
; a direct far call that mem_load() writes into the stub (api.def marks
; these entries stub = lib; genapi.awk generates the others).
;
; The call site.  Unbound (before mem_load, after mem_unload) it is a near
; jump to the stub's "no module" end: pointer results MEM_FP_NULL, int
; results MEM_E_STATE.  mem_load() rewrites its five bytes into CALL FAR
; seg:off (9Ah) of the register entry, mem_unload() puts the jump back
; (pool_stubs_bind).  Both run at init, when no interrupt handler may call
; into the library yet (the core binds before it hooks a NIC interrupt and
; unhooks before it unloads), so the five bytes need not change at once;
; a near jump after the writes empties the prefetch queue.
;
; The caller's DI (bcc keeps register variables there) waits in DX: every
; register entry keeps DX (memory_api.h), and a register move each way is
; 4 clocks where PUSH and POP are 8.
;
; Clocks (80286, the stub alone, bound): mem_small_alloc 2+5+2 +14 call
;   +2+2+2+12 = 41, mem_small_free 2+2+7 +14 +2+12 = 39, mem_pkt_alloc as
;   mem_small_alloc, mem_pkt_free as mem_small_free; the register entries
;   add their own (memory_api.h; make bench).
; C twin: none (the host tests call the module's C twins directly).
cpu 286
section .text

MEM_E_STATE equ -12
%include "mem_api_idx.inc"

; SITE label, unbound_label - the 5-byte call site: JMP NEAR unbound + 2
; filler bytes, rewritten into CALL FAR by pool_stubs_bind.
%macro SITE 2
%1:
    jmp near %2
    nop
    nop
%endmacro

; mem_fp_t mem_small_alloc(mem_u16 size)
; In: [sp+2] size.  Out: DX:AX = the block, 0:0 when none (the register
; entry leaves ES:DI = 0:0 then).  Modifies: AX BX CX DX ES.
global _mem_small_alloc
_mem_small_alloc:
    mov bx, sp                  ; 2
    mov bx, [ss:bx+2]           ; 5
    mov dx, di                  ; 2  kept by the entry
    SITE site_small_take, fp_unbound
    mov ax, di                  ; 2
    mov di, dx                  ; 2
    mov dx, es                  ; 2
    ret                         ; 12

; mem_fp_t mem_pkt_alloc(mem_u16 len)
; In: [sp+2] len.  Out: DX:AX = the buffer, 0:0 when none.
; Modifies: AX BX CX DX ES.
global _mem_pkt_alloc
_mem_pkt_alloc:
    mov bx, sp
    mov cx, [ss:bx+2]
    mov dx, di
    SITE site_pkt_take, fp_unbound
    mov ax, di
    mov di, dx
    mov dx, es
    ret

fp_unbound:                     ; DI untouched
    xor ax, ax
    xor dx, dx
    ret

; int mem_small_free(mem_fp_t p)
; In: [sp+2] p.  Out: AX as mem_small_give.  Modifies: AX BX CX DX ES.
global _mem_small_free
_mem_small_free:
    mov bx, sp                  ; 2
    mov dx, di                  ; 2  kept by the entry
    les di, [ss:bx+2]           ; 7
    SITE site_small_give, int_unbound
    mov di, dx                  ; 2
    ret                         ; 12

; int mem_pkt_free(mem_fp_t p)
; In: [sp+2] p.  Out: AX as mem_pkt_give.  Modifies: AX BX CX DX ES.
global _mem_pkt_free
_mem_pkt_free:
    mov bx, sp
    mov dx, di
    les di, [ss:bx+2]
    SITE site_pkt_give, int_unbound
    mov di, dx
    ret

int_unbound:
    mov di, dx
    mov ax, MEM_E_STATE
    xor dx, dx                  ; as every generated int stub (genapi.awk)
    ret

; int mem_seal(mem_u16 drop)
; The library's mem_seal (mod_load.c: seal_client does the work); here
; only so that it answers like every other int stub: DX = 0.
; In: [sp+2] drop.  Out: AX as seal_client, DX = 0.  Modifies: AX BX CX DX ES.
; Context: task.  C twin: none.
global _mem_seal
extern _seal_client
_mem_seal:
    mov bx, sp
    push word [ss:bx+2]
    call _seal_client
    add sp, 2
    xor dx, dx
    ret

; int mem_info(mem_fp_t info)
; The library's mem_info (mod_load.c: info_client adds the module's own
; block, which only the loader knows, to the module's answer); here so
; that it answers like every other int stub: DX = 0.
; In: [sp+2] info (offset, segment).  Out: AX as info_client, DX = 0.
; Modifies: AX BX CX DX ES.  Context: task.  C twin: none.
global _mem_info
extern _info_client
_mem_info:
    mov bx, sp
    push word [ss:bx+4]
    push word [ss:bx+2]
    call _info_client
    add sp, 4
    xor dx, dx
    ret

; void pool_stubs_bind(int bind)
; Write the call sites: bind != 0: CALL FAR to the entry mem_load() put in
; _mem_api_tab[MEM_FN_x]; bind = 0: back to the unbound jumps.
; In: [sp+2] bind.  Modifies: AX BX CX DX.
; Context: init (mem_load / mem_unload).  C twin: none.
global _pool_stubs_bind
extern _mem_api_tab
_pool_stubs_bind:
    mov al, 9Ah                 ; CALL FAR ptr16:16
    mov cx, bind_tab
    mov dx, bind_end
    ; falls into stub_sites_bind

; stub_sites_bind - write the 5-byte sites of a table of (site, MEM_FN_x,
; unbound end) words: bind != 0: the opcode in AL (a far call or jump)
; with the entry mem_load() put in _mem_api_tab[MEM_FN_x]; bind = 0: a
; JMP NEAR to the site's unbound end and two NOPs.  A near jump then
; empties the prefetch queue.  Shared by pool_stubs_bind and
; dma_stubs_bind, which enter it by a jump.
; In: [sp+2] bind (the C caller's argument), AL the opcode, CX the table,
; DX its end.  Modifies: AX BX CX DX.
; Context: init/task (mem_load / mem_unload / mem_seal).  C twin: none.
global stub_sites_bind
stub_sites_bind:
    push bp
    mov bp, sp
    push si
    push di
    push ax                     ; [bp-6]: the opcode
    mov si, cx
    mov di, dx
.next:
    mov bx, [cs:si]             ; the site
    cmp word [bp+4], 0
    je .unbind
    mov ax, [cs:si+2]           ; MEM_FN_x
    shl ax, 1
    shl ax, 1
    xchg ax, bx
    mov cx, [_mem_api_tab+bx]   ; offset
    mov dx, [_mem_api_tab+bx+2] ; segment
    xchg ax, bx
    mov al, [bp-6]
    mov [cs:bx], al             ; CALL FAR / JMP FAR ptr16:16
    mov [cs:bx+1], cx
    mov [cs:bx+3], dx
    jmp .step
.unbind:
    mov ax, [cs:si+4]           ; the unbound end
    sub ax, bx
    sub ax, 3
    mov byte [cs:bx], 0E9h      ; JMP NEAR rel16
    mov [cs:bx+1], ax
    mov word [cs:bx+3], 9090h
.step:
    add si, 6
    cmp si, di
    jb .next
    jmp short .flush            ; prefetch queue emptied
.flush:
    pop ax
    pop di
    pop si
    pop bp
    ret

pool_stubs_data_beg:
bind_tab:
    dw site_small_take, MEM_FN_SMALL_TAKE, fp_unbound
    dw site_pkt_take, MEM_FN_PKT_TAKE, fp_unbound
    dw site_small_give, MEM_FN_SMALL_GIVE, int_unbound
    dw site_pkt_give, MEM_FN_PKT_GIVE, int_unbound
bind_end:
pool_stubs_data_end:
