; dma_map.asm - mem_dma_map / mem_dma_sync / mem_dma_unmap and the unload
; hook that gives back the VDS regions mappings still hold.  The MAP group
; of the resident design: self-contained, so that it can be moved as one
; piece; it calls only NASM routines of the core (dma_take / dma_give in
; dma_fast.asm, ops_fwd in memory_ops.asm) and VDS (INT 4Bh), and keeps its
; own data (the DDS, the table of held regions, scratch) between
; dma_map_data_beg and dma_map_data_end.  It reads the core's DMA data
; (dma_tagp, dma_seg, dma: dma_priv.h, mirrored in dma_fast.inc).
; C twins: dma_map_c.c (host tests; src/port/host/dma_host.c).
;
; Task entries (api.def kind c), reached through c_gate: near, bcc's
; convention (arguments on the stack from [sp+2], result in AX, SI DI BP
; kept, BX CX DX ES scratch), DS = ES = SS = CS on entry, DF = 0.
; Interrupts are never disabled here except inside dma_take / dma_give
; (the pop or push of a bounce, 29 / 22 clocks); VDS is called with
; interrupts as the caller has them.
;
; How a buffer is mapped (memory_api.h):
;   real mode (or V86 without VDS, system DMA only): in place when
;     [lin, lin+len) meets the tag (alignment, boundary, limit) and a bus
;     master is not handed upper memory; else a bounce;
;   V86 with VDS: lock it (8103h, no provider buffer, the tag's boundary
;     flag); kept when the physical range meets the tag and the table of
;     held regions has room (MEM_DMA_MAP_LOCKED), else unlocked; when the
;     provider says "not contiguous" or "crosses a boundary", its own
;     buffer (8107h) under the same conditions (MEM_DMA_MAP_VDSBUF); else
;     a bounce.
;   A bounce is one of the tag's buffers (dma_take); MEM_E_NOBOUNCE when
;   none is free.

cpu 286
%include "dma_fast.inc"

extern _dma_tagp, _dma_seg, _dma
extern dma_take, dma_give, ops_fwd

; one held VDS region (16 bytes)
VH_LIN      equ 0       ; u32 linear address of the caller's buffer
VH_PHYS     equ 4       ; u32
VH_LEN      equ 8
VH_BUFID    equ 10
VH_HOW      equ 12      ; u8: 0 free, MEM_DMA_MAP_LOCKED / _VDSBUF
VH_BYTES    equ 16

; the DDS (RBIL 03221)
DDS_SIZE    equ 0       ; u32
DDS_OFF     equ 4       ; u32
DDS_SEG     equ 8
DDS_BUFID   equ 10
DDS_PHYS    equ 12      ; u32

section .text

dma_map_data_beg:
dds:        times 16 db 0
m_lin:      dd 0                ; the mapping's linear address (map, unmap)
m_len:      dw 0
vheld:      times DMA_VHELD * VH_BYTES db 0
vheld_end:
dma_map_data_end:

; ------------------------------------------------------------- helpers

; dds_lin - the DDS for [DX:AX, +CX): a normalised seg:off (offset < 16,
; as every lock and its unlock must name a region alike), size CX, buffer
; id and physical address 0.
; C twin: dds_set() in dma_setup.c.
; In: DX:AX = linear address, CX = size.  Out: dds.  Modifies: AX DX flags.
; Context: task (the helpers here run under the C gate).
dds_lin:
    mov [dds+DDS_SIZE], cx
    mov word [dds+DDS_SIZE+2], 0
    push ax
    and ax, 15
    mov [dds+DDS_OFF], ax
    pop ax
    shr ax, 4
    shl dx, 12
    or ax, dx
    mov [dds+DDS_SEG], ax
    xor ax, ax
    mov [dds+DDS_OFF+2], ax
    mov [dds+DDS_BUFID], ax
    mov [dds+DDS_PHYS], ax
    mov [dds+DDS_PHYS+2], ax
    ret

; dds_map - dds_lin for the mapping at ES:DI (its buffer and length), also
; m_lin = its linear address.  C twin: the dds_set(fp_lin(m.buf), m.len)
; calls in dma_map_c.c.
; In: ES:DI -> struct mem_dma_map.  Out: dds, m_lin.  Modifies: AX CX DX
; flags.  Context: task.
dds_map:
    mov ax, [es:di+MAP_BUF+2]
    rol ax, 4
    mov dx, ax
    and dx, 0Fh
    and al, 0F0h
    add ax, [es:di+MAP_BUF]
    adc dx, 0
    mov [m_lin], ax
    mov [m_lin+2], dx
    mov cx, [es:di+MAP_LEN]
    jmp dds_lin

; vds - INT 4Bh with ES:DI -> the DDS.  Interrupts as the caller has them.
; C twin: dma_vds() in dma_setup.c.
; In: AX = function, DX = flags, BX:CX = offset (8109h / 810Ah).
; Out: CF = 0 done; CF = 1 refused, AL = the VDS error.
; Modifies: AX BX CX DX flags (SI DI BP DS ES kept).  Context: task.
vds:
    push si
    push di
    push bp
    push ds
    push es
    push ds
    pop es
    mov di, dds
    int 4Bh
    pop es
    pop ds
    pop bp
    pop di
    pop si
    ret

; meets - does [DX:AX, +CX) meet the tag at BX (alignment, no boundary
; crossed, last byte at most max_addr, no wrap past 4 GB)?
; C twin: dma_meets() in dma_setup.c.
; In: DX:AX = physical address, CX = length (>= 1), BX -> struct dma_tag.
; Out: CF = 0 yes, CF = 1 no.  Modifies: CX DI flags.  Context: any.
; (mem_dma_map's in-place path has the same checks inline.)
meets:
    test ax, [bx+DT_AMASK]
    jnz .no
    mov di, cx
    dec di
    add di, ax                  ; CX:DI = the last byte
    mov cx, dx
    adc cx, 0
    jc .no                      ; past 4 GB
    cmp cx, [bx+DT_MAX_ADDR+2]
    ja .no
    jb .bnd
    cmp di, [bx+DT_MAX_ADDR]
    ja .no
.bnd:
    xor di, ax                  ; first ^ last < boundary: the same window
    xor cx, dx
    cmp cx, [bx+DT_BOUNDARY+2]
    ja .no
    jb .yes
    cmp di, [bx+DT_BOUNDARY]
    jae .no
.yes:
    clc
    ret
.no:
    stc
    ret

; lock_flags - the 8103h flags for the tag at BX: no provider buffer behind
; our back, no automatic remap for a bus master, the boundary VDS can say.
; C twin: dma_lock_flags() in dma_setup.c.
; In: BX -> struct dma_tag.  Out: DX.  Modifies: AX DX flags.  Context: task.
lock_flags:
    mov dx, VDS_F_NOBUF
    test byte [bx+DT_CFLAGS], MEM_DMA_F_BUSMASTER
    jz .b
    or dx, VDS_F_NOREMAP
.b: mov ax, [bx+DT_BOUNDARY+2]  ; a power of two: 1 = 10000h, 2 = 20000h
    cmp ax, 1
    ja .b128
    or dx, VDS_F_NO64K
    ret
.b128:
    cmp ax, 2
    jne .r
    or dx, VDS_F_NO128K
.r: ret

; vheld_add - record a held region.  C twin: vheld_add() in dma_map_c.c.
; In: m_lin, m_len, DX:AX = physical address, SI = buffer id, CL = how.
; Out: CX = its record number (1..DMA_VHELD), ZF = 0; CX = 0, ZF = 1 when
; the table is full.  Modifies: CX flags.  Context: task.
vheld_add:
    push di
    mov di, vheld
.next:
    cmp byte [di+VH_HOW], 0
    je .take
    add di, VH_BYTES
    cmp di, vheld_end
    jb .next
    pop di
    xor cx, cx
    ret
.take:
    mov [di+VH_HOW], cl
    mov [di+VH_PHYS], ax
    mov [di+VH_PHYS+2], dx
    mov [di+VH_BUFID], si
    mov cx, [m_len]
    mov [di+VH_LEN], cx
    mov cx, [m_lin]
    mov [di+VH_LIN], cx
    mov cx, [m_lin+2]
    mov [di+VH_LIN+2], cx
    mov cx, di
    sub cx, vheld - VH_BYTES
    shr cx, 4                   ; VH_BYTES = 16: the record number, >= 1
    pop di
    ret

; vheld_drop - forget a held region.  C twin: vheld_drop() in dma_map_c.c.
; In: CX = record number, AL = how, m_lin.  Out: the record freed when it
; holds how AL for m_lin (a stale or forged number is ignored).
; Modifies: CX flags.  Context: task.
vheld_drop:
    dec cx
    cmp cx, DMA_VHELD - 1
    ja .r
    push si
    shl cx, 4
    mov si, cx
    add si, vheld
    cmp [si+VH_HOW], al
    jne .out
    mov cx, [m_lin]
    cmp [si+VH_LIN], cx
    jne .out
    mov cx, [m_lin+2]
    cmp [si+VH_LIN+2], cx
    jne .out
    mov byte [si+VH_HOW], 0
.out:
    pop si
.r: ret

; map_check - is ES:DI a live mapping?  C twin: map_read() in dma_map_c.c.
; In: ES:DI -> the caller's struct mem_dma_map.
; Out: CF = 0: AX = how (1..4), BX -> its struct dma_tag;
;      CF = 1: not one (null, no magic, no such tag, unknown how).
; Modifies: AX BX flags.  Context: task.
map_check:
    mov ax, es
    test ax, ax
    jz .no
    cmp word [es:di+MAP_MAGIC], DMA_MAP_MAGIC
    jne .no
    mov bx, [es:di+MAP_TAG]
    cmp bx, MEM_DMA_TAGS
    ja .no
    shl bx, 1
    mov bx, [bx+_dma_tagp]
    test bx, bx
    jz .no
    mov ax, [es:di+MAP_HOW]
    dec ax
    cmp ax, MEM_DMA_MAP_VDSBUF - 1
    ja .no
    inc ax
    clc
    ret
.no:
    stc
    ret

; ------------------------------------------------------------- entries

; int mem_dma_map(int tag, mem_fp_t buf, mem_u16 len, mem_fp_t map)
; C twin: dma_map_c() in dma_map_c.c.
; In:  [sp+2] tag, [sp+4] buf (off, seg), [sp+8] len, [sp+10] map (off,
;      seg).
; Out: AX = MEM_OK and *map filled (struct mem_dma_map); MEM_E_INVAL (no
;      such tag, null map or buf), MEM_E_SIZE (len 0 or above the tag's
;      max_size), MEM_E_NOBOUNCE (a bounce is needed, none free).
; Modifies: AX BX CX DX ES flags.  Context: task (c_gate); VDS under V86.
; Clocks (286, real mode, a bus master's buffer in place, from the entry
;   through RET): checks 71, linear address 22, mode 9, the tag's
;   constraints 55, record 82, exit 20 = 259.
; The in-place path keeps no frame (BX = SP, then the tag); the others
; (.bounce, .vds) open one: [bp+6] tag, [bp+8] buf, [bp+12] len,
; [bp+14] map, SI saved below it.  Its refusals sit in front of it, in
; reach of short jumps.
map_inval:
    mov ax, MEM_E_INVAL
    pop di
    ret
map_size:
    mov ax, MEM_E_SIZE
    pop di
    ret
global _mod_dma_map
_mod_dma_map:
    push di                     ; 3
    mov bx, sp                  ; 2  [bx+4] tag, [bx+6] buf, [bx+10] len,
    mov ax, [bx+8]              ; 5  [bx+12] map
    test ax, ax                 ; 2
    jz map_inval                ; 3  no buffer
    cmp word [bx+14], 0         ; 6
    je map_inval                ; 3  no map
    mov di, [bx+6]              ; 5  buf offset
    mov cx, [bx+10]             ; 5  len
    mov bx, [bx+4]              ; 5
    cmp bx, MEM_DMA_TAGS        ; 3
    ja map_inval                ; 3
    shl bx, 1                   ; 2
    mov bx, [bx+_dma_tagp]      ; 5  the live tag, 0 = none
    test bx, bx                 ; 2
    jz map_inval                ; 3
    jcxz map_size               ; 4
    cmp cx, [bx+DT_MAX_SIZE]    ; 6
    ja map_size                 ; 3  = 71
    rol ax, 4                   ; 9  DX:AX = the buffer's linear address
    mov dx, ax                  ; 2
    and dx, 0Fh                 ; 3
    and al, 0F0h                ; 3
    add ax, di                  ; 2
    adc dx, 0                   ; 3  = 22
    test byte [_dma+DS_USE_VDS], 0FFh ; 6
    jnz .to_vds                 ; 3
    ; real mode: linear is physical; does it meet the tag?
    test ax, [bx+DT_AMASK]      ; 6  aligned
    jnz .to_bounce              ; 3
    mov di, cx                  ; 2
    dec di                      ; 2
    add di, ax                  ; 2
    mov cx, dx                  ; 2
    adc cx, 0                   ; 3  CX:DI = the last byte (below 110000h)
    cmp cx, [bx+DT_MAX_ADDR+2]  ; 6
    jae .maxchk                 ; 3  (high words equal or above: rare)
.maxok:
    xor cx, dx                  ; 2  first ^ last < boundary: one window
    cmp cx, [bx+DT_BOUNDARY+2]  ; 6
    jae .bndchk                 ; 3  (boundaries below 64 KB)
.meets:
    test byte [bx+DT_CFLAGS], MEM_DMA_F_BUSMASTER ; 6
    jz .inplace                 ; 3
    cmp dx, 0Ah                 ; 3  a bus master never gets upper memory
    jae .to_bounce              ; 3  in place without a VDS lock
.inplace:
    inc word [bx+DT_MAPS]       ; 7
    mov bx, sp                  ; 2
    les di, [bx+12]             ; 7  DF = 0 (the convention)
    stosw                       ; 3  phys = linear
    mov ax, dx                  ; 2
    stosw                       ; 3
    mov ax, [bx+6]              ; 5  buf
    stosw                       ; 3
    mov ax, [bx+8]              ; 5
    stosw                       ; 3
    mov ax, [bx+10]             ; 5  len
    stosw                       ; 3
    mov ax, [bx+4]              ; 5  tag
    stosw                       ; 3
    mov ax, MEM_DMA_MAP_INPLACE ; 2  how
    stosw                       ; 3
    xor ax, ax                  ; 2  bounce, vds_id
    stosw                       ; 3
    stosw                       ; 3
    mov ax, DMA_MAP_MAGIC       ; 2
    stosw                       ; 3
    xor ax, ax                  ; 2  = 82
.out:
    pop di                      ; 5
    ret                         ; 15
.maxchk:
    ja .to_bounce
    cmp di, [bx+DT_MAX_ADDR]
    ja .to_bounce
    jmp .maxok
.bndchk:
    ja .to_bounce
    xor di, ax
    cmp di, [bx+DT_BOUNDARY]
    jb .meets
.to_bounce:
    push bp
    mov bp, sp
    push si
    jmp .bounce
.to_vds:
    push bp
    mov bp, sp
    push si
    jmp .vds

; The ways out other than in place share a tail (.held): phys DX:AX, how
; SI, bounce or record CX, vds_id on the stack.
.bounce:
    push bx
    mov bx, [bp+6]
    shl bx, 1
    mov ax, [bx+_dma_seg]
    call dma_take               ; ES = the arena, SI = the entry
    pop bx
    jc .nobounce
    mov ax, [es:si+DE_PHYS]
    mov dx, [es:si+DE_PHYS+2]
    mov cx, [es:si+DE_HANDLE]
    inc word [bx+DT_BOUNCES]
    mov si, MEM_DMA_MAP_BOUNCE
    push word 0                 ; vds_id
.held:
    inc word [bx+DT_MAPS]
    les di, [bp+14]
    stosw                       ; phys
    mov ax, dx
    stosw
    mov ax, [bp+8]              ; buf
    stosw
    mov ax, [bp+10]
    stosw
    mov ax, [bp+12]             ; len
    stosw
    mov ax, [bp+6]              ; tag
    stosw
    mov ax, si                  ; how
    stosw
    mov ax, cx                  ; bounce / record
    stosw
    pop ax                      ; vds_id
    stosw
    mov ax, DMA_MAP_MAGIC
    stosw
    xor ax, ax
.out2:
    pop si
    pop bp
    jmp .out
.nobounce:
    mov ax, MEM_E_NOBOUNCE
    jmp .out2

; V86 with VDS: DX:AX = linear, CX = len, BX = tag.
.vds:
    mov [m_lin], ax
    mov [m_lin+2], dx
    mov [m_len], cx
    call dds_lin
    call lock_flags             ; DX
    mov ax, 8103h               ; lock, no provider buffer
    push bx
    call vds
    pop bx
    jc .lockfail
    mov ax, [dds+DDS_PHYS]
    mov dx, [dds+DDS_PHYS+2]
    mov cx, [m_len]
    call meets
    jc .unlock
    mov cl, MEM_DMA_MAP_LOCKED
    xor si, si                  ; no buffer id
    call vheld_add
    jz .unlock                  ; table full: bounce instead
    mov si, MEM_DMA_MAP_LOCKED
    push word 0                 ; vds_id
    jmp .held
.unlock:
    mov ax, 8104h               ; the DDS as the lock left it
    call vds_again
    jmp .bounce
.lockfail:
    cmp al, VDS_E_NOTCONTIG
    je .vbuf
    cmp al, VDS_E_CROSSED
    jne .bounce
.vbuf:
    mov ax, [m_lin]             ; the provider's own buffer
    mov dx, [m_lin+2]
    mov cx, [m_len]
    call dds_lin
    mov ax, 8107h
    xor dx, dx
    push bx
    call vds
    pop bx
    jc .bounce
    mov ax, [dds+DDS_PHYS]
    mov dx, [dds+DDS_PHYS+2]
    mov cx, [m_len]
    call meets
    jc .vrel
    mov cl, MEM_DMA_MAP_VDSBUF
    mov si, [dds+DDS_BUFID]
    call vheld_add
    jz .vrel
    push si                     ; vds_id
    mov si, MEM_DMA_MAP_VDSBUF
    jmp .held
.vrel:
    mov ax, 8108h               ; give it back
    call vds_again
    jmp .bounce

; vds_again - call VDS function AX (DX = 0) on the region m_lin / m_len,
; with the buffer id and physical address the DDS holds (what the last
; call returned): the region named afresh.
; C twin: dma_unlock() (dma_setup.c), dma_vbuf_release() (dma_map_c.c).
; In: AX = 8104h or 8108h, m_lin, m_len, dds.  Out: as vds.
; Modifies: AX CX DX flags.  Context: task.
vds_again:
    push bx
    push word [dds+DDS_BUFID]
    push word [dds+DDS_PHYS+2]
    push word [dds+DDS_PHYS]
    push ax
    mov ax, [m_lin]
    mov dx, [m_lin+2]
    mov cx, [m_len]
    call dds_lin
    pop ax
    pop word [dds+DDS_PHYS]
    pop word [dds+DDS_PHYS+2]
    pop word [dds+DDS_BUFID]
    xor dx, dx
    call vds
    pop bx
    ret

; int mem_dma_sync(mem_fp_t map, int dir)
; C twin: dma_sync_c() in dma_map_c.c.
; In:  [sp+2] map (off, seg), [sp+6] dir (MEM_DMA_TO_DEVICE /
;      MEM_DMA_FROM_DEVICE).
; Out: AX = MEM_OK; MEM_E_BADPTR (not a live mapping, or its bounce is not
;      an allocated buffer of its tag that holds len bytes), MEM_E_INVAL
;      (dir), MEM_E_VDS (the provider refused the copy).
; Modifies: AX BX CX DX ES flags.  Context: task (c_gate).  A bounce is
;      copied by the module's copy kernel (ops_fwd: words on a 286,
;      dwords on a 386+), interrupts enabled; a VDS buffer by 8109h/810Ah.
; Clocks (286, a bounce to the device, from the entry through RET):
;   checks 79, the bounce 71, call 9, exit 35 = 194, plus ops_fwd.
; Its refusals sit in front of it, in reach of short jumps.
sync_badptr:
    mov ax, MEM_E_BADPTR
    jmp short sync_out
sync_inval:
    mov ax, MEM_E_INVAL
sync_out:
    pop di
    pop si
    ret
global _mod_dma_sync
_mod_dma_sync:
    push si                     ; 3
    push di                     ; 3
    mov si, sp                  ; 2  [si+6] map, [si+10] dir
    les di, [si+6]              ; 7
    mov ax, es                  ; 2
    test ax, ax                 ; 2
    jz sync_badptr              ; 3
    cmp word [es:di+MAP_MAGIC], DMA_MAP_MAGIC ; 6
    jne sync_badptr             ; 3
    mov bx, [es:di+MAP_TAG]     ; 5
    cmp bx, MEM_DMA_TAGS        ; 3
    ja sync_badptr              ; 3
    shl bx, 1                   ; 2
    mov dx, [bx+_dma_seg]       ; 5  the arena
    test dx, dx                 ; 2
    jz sync_badptr              ; 3
    mov bx, [si+10]             ; 5
    dec bx                      ; 2  0 to the device, 1 from it
    cmp bx, MEM_DMA_FROM_DEVICE - 1 ; 3
    ja sync_inval               ; 3
    mov ax, [es:di+MAP_HOW]     ; 5
    cmp ax, MEM_DMA_MAP_BOUNCE  ; 3
    jne .notbounce              ; 3  = 79
    mov cx, [es:di+MAP_LEN]     ; 5
    mov ax, [es:di+MAP_BOUNCE]  ; 5
    lds si, [es:di+MAP_BUF]     ; 7  DS:SI = the caller's buffer
    mov es, dx                  ; 2  ES = the arena
    cmp ah, [es:DH_TAG]         ; 6  a buffer of this tag,
    jne .bad_ds                 ; 3
    cmp al, [es:DH_COUNT]       ; 6
    jae .bad_ds                 ; 3
    cmp cx, [es:DH_BSIZE]       ; 6  big enough,
    ja .bad_ds                  ; 3
    mov dx, bx                  ; 2
    mov bl, al                  ; 2
    xor bh, bh                  ; 2
    shl bx, 1                   ; 2
    mov bx, [es:bx+DH_ETAB]     ; 5  allocated (its entry; 0 when free)
    test bx, bx                 ; 2
    jz .bad_ds                  ; 3
    les di, [es:bx+DE_BUF]      ; 7  ES:DI = the bounce
    test dx, dx                 ; 2
    jnz .from                   ; 3  = 71
.copy:
    call ops_fwd                ; 9
    push ss                     ; 3  DS = SS (= CS) again
    pop ds                      ; 5
    xor ax, ax                  ; 2
    pop di                      ; 5
    pop si                      ; 5
    ret                         ; 15
.from:
    push ds                     ; from the device: bounce -> caller
    push es
    pop ds
    pop es
    xchg si, di
    jmp .copy
.bad_ds:
    push ss
    pop ds
    jmp sync_badptr
.notbounce:
    cmp ax, MEM_DMA_MAP_VDSBUF
    je .vdsbuf
    dec ax
    cmp ax, MEM_DMA_MAP_BOUNCE - 1
    ja sync_badptr              ; not a way a mapping is made
    xor ax, ax                  ; in place or locked: nothing to copy
    jmp sync_out
.vdsbuf:
    push bx
    call dds_map
    pop bx
    mov ax, [es:di+MAP_VDS_ID]
    mov [dds+DDS_BUFID], ax
    mov ax, [es:di+MAP_PHYS]
    mov [dds+DDS_PHYS], ax
    mov ax, [es:di+MAP_PHYS+2]
    mov [dds+DDS_PHYS+2], ax
    mov ax, 8109h               ; copy into the buffer, BX:CX = offset 0
    test bx, bx
    jz .vcopy
    mov ax, 810Ah               ; copy out of it
.vcopy:
    xor bx, bx
    xor cx, cx
    xor dx, dx
    call vds
    mov ax, MEM_E_VDS
    jc .vout
    xor ax, ax
.vout:
    jmp sync_out

; int mem_dma_unmap(mem_fp_t map)
; C twin: dma_unmap_c() in dma_map_c.c.
; In:  [sp+2] map (off, seg).
; Out: AX = MEM_OK; MEM_E_BADPTR (not a live mapping, or a bounce that is
;      not its tag's).  The mapping's magic is cleared, its bounce pushed
;      back (dma_give), its VDS lock or buffer given back (8104h / 8108h)
;      and its held-region record forgotten.
; Modifies: AX BX CX DX ES flags.  Context: task (c_gate).
global _mod_dma_unmap
_mod_dma_unmap:
    push si
    push di
    mov si, sp                  ; [si+6] map
    les di, [si+6]
    call map_check              ; AX how, BX tag
    jc .badptr
    cmp al, MEM_DMA_MAP_BOUNCE
    jne .clear
    mov cx, [es:di+MAP_BOUNCE]
    cmp ch, [es:di+MAP_TAG]
    jne .badptr
.clear:
    mov word [es:di+MAP_MAGIC], 0
    dec word [bx+DT_MAPS]
    cmp al, MEM_DMA_MAP_BOUNCE
    je .bounce
    cmp al, MEM_DMA_MAP_LOCKED
    je .locked
    cmp al, MEM_DMA_MAP_VDSBUF
    je .vdsbuf
.ok:
    xor ax, ax
.out:
    pop di
    pop si
    ret
.badptr:
    mov ax, MEM_E_BADPTR
    jmp .out
.bounce:
    mov ax, cx
    call dma_give
    jmp .ok
.locked:
    call dds_map
    mov ax, [es:di+MAP_PHYS]
    mov [dds+DDS_PHYS], ax
    mov ax, [es:di+MAP_PHYS+2]
    mov [dds+DDS_PHYS+2], ax
    mov ax, 8104h               ; unlock
    mov si, MEM_DMA_MAP_LOCKED
    jmp .give
.vdsbuf:
    call dds_map
    mov ax, [es:di+MAP_PHYS]
    mov [dds+DDS_PHYS], ax
    mov ax, [es:di+MAP_PHYS+2]
    mov [dds+DDS_PHYS+2], ax
    mov ax, [es:di+MAP_VDS_ID]
    mov [dds+DDS_BUFID], ax
    mov ax, 8108h               ; release the buffer
    mov si, MEM_DMA_MAP_VDSBUF
.give:
    xor dx, dx
    call vds
    mov ax, si
    mov cx, [es:di+MAP_BOUNCE]  ; its record
    call vheld_drop
    jmp .ok

; void dma_map_release(void)
; The MAP group's unload hook: give back every VDS region a mapping still
; holds (8104h for a lock, 8108h for a provider buffer), whatever the
; caller did not unmap.
; C twin: dma_map_release_c() in dma_map_c.c.
; In: nothing.  Modifies: AX BX CX DX ES flags.  Context: init/task (unload).
global _dma_map_release
_dma_map_release:
    push si
    push di
    mov si, vheld
.next:
    mov al, [si+VH_HOW]
    cmp al, MEM_DMA_MAP_LOCKED
    je .give
    cmp al, MEM_DMA_MAP_VDSBUF
    jne .skip
.give:
    push ax
    mov ax, [si+VH_LIN]
    mov dx, [si+VH_LIN+2]
    mov cx, [si+VH_LEN]
    call dds_lin
    mov ax, [si+VH_PHYS]
    mov [dds+DDS_PHYS], ax
    mov ax, [si+VH_PHYS+2]
    mov [dds+DDS_PHYS+2], ax
    pop ax
    mov cx, 8104h
    cmp al, MEM_DMA_MAP_LOCKED
    je .call
    mov cx, [si+VH_BUFID]
    mov [dds+DDS_BUFID], cx
    mov cx, 8108h
.call:
    mov ax, cx
    xor dx, dx
    call vds
.skip:
    mov byte [si+VH_HOW], 0
    add si, VH_BYTES
    cmp si, vheld_end
    jb .next
    pop di
    pop si
    ret
