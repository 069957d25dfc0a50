; =============================================================================
; Egg Catch — horizon-arcade's own Atari 2600 demo game (4K, NTSC).
;
; Eggs fall from the top of the screen, one at a time, at a random column.
; Move the basket (joystick LEFT/RIGHT) under the egg to catch it: +1 point.
; A missed egg costs a life; the game ends when the three lives are gone.
; Eggs fall faster as the score grows (1 line a frame, plus one per ten
; points, up to 4). A slow egg takes about 150 frames (37 agent steps at
; frameskip 4) to fall, so the move that wins a point comes long before the
; point: a short credit horizon cannot see it. RESET restarts the game.
;
; Build: dasm demo.asm -f3 -o../roms/demo.bin   (scripts/build-demo-rom.sh)
; =============================================================================
        processor 6502

; --- TIA and RIOT registers ---------------------------------------------------
VSYNC   = $00
VBLANK  = $01
WSYNC   = $02
NUSIZ0  = $04
COLUP0  = $06
COLUP1  = $07
COLUPF  = $08
COLUBK  = $09
CTRLPF  = $0A
PF0     = $0D
PF1     = $0E
PF2     = $0F
RESP0   = $10
GRP0    = $1B
GRP1    = $1C
HMP0    = $20
HMOVE   = $2A
HMCLR   = $2B
SWCHA   = $0280
SWCHB   = $0282
INTIM   = $0284
TIM64T  = $0296

; --- constants -------------------------------------------------------------------
FIELD_LINES = 162       ; lines of the play field below the score
BASKET_LINE = 150       ; play-field line of the basket's top
SPRITE_H    = 8
MIN_X       = 8
MAX_X       = 144
START_LIVES = 3
CATCH_LINE  = BASKET_LINE-SPRITE_H+2

; --- RAM ($80-$FF) ----------------------------------------------------------------
        seg.u vars
        org $80
basketX     ds 1        ; $80 basket x (pixels)
eggX        ds 1        ; $81 egg x (pixels)
eggY        ds 1        ; $82 egg top, play-field line
score       ds 1        ; $83 score, BCD low digits
lives       ds 1        ; $84 lives left
rng         ds 1        ; $85 8-bit LFSR
frame       ds 1        ; $86 frame counter
gameOver    ds 1        ; $87 non-zero once the lives are gone
scoreHi     ds 1        ; $88 score, BCD high digits
tensPtr     ds 1        ; $89 font offset of the score's tens digit
onesPtr     ds 1        ; $8A font offset of the score's ones digit
basketRow   ds 1        ; $8B kernel counter for the basket
eggRow      ds 1        ; $8C kernel counter for the egg
lineCount   ds 1        ; $8D
temp        ds 1        ; $8E

        seg code
        org $F000

Reset:
        sei
        cld
        ldx #$FF
        txs
        lda #0
ClearTia:                       ; zero the TIA registers (not the RAM: the
        sta $00,x               ; power-on RAM seeds the random generator)
        dex
        cpx #$40
        bcs ClearTia
        lda $80
        ora #1                  ; the LFSR must not be 0
        sta rng
NewGame:
        lda #76
        sta basketX
        lda #0
        sta score
        sta scoreHi
        sta gameOver
        lda #START_LIVES
        sta lives
        jsr NewEgg

; --- the frame: 3 lines VSYNC, 37 VBLANK, 192 visible, 30 overscan ----------------
Frame:
        lda #2
        sta VBLANK
        sta VSYNC
        sta WSYNC
        sta WSYNC
        sta WSYNC
        lda #0
        sta VSYNC
        lda #43                 ; 37 lines of VBLANK = 2812 cycles / 64
        sta TIM64T

        inc frame
        lda SWCHB               ; RESET switch: start again
        lsr
        bcs NoReset
        jmp NewGame
NoReset:
        lda gameOver
        bne Positions
        jsr MoveBasket
        jsr MoveEgg
Positions:
        jsr ScoreDigits
        lda basketX
        ldx #0
        jsr PosObject
        lda eggX
        ldx #1
        jsr PosObject
        sta WSYNC
        sta HMOVE

        lda #$05                ; basket: double width
        sta NUSIZ0
        lda #$84                ; dark blue sky
        sta COLUBK
        lda #$0E
        sta COLUP1              ; white egg
        lda #$2A
        sta COLUP0              ; orange basket
        lda #$1C
        sta COLUPF              ; yellow score
        lda #0
        sta CTRLPF

WaitVblank:
        lda INTIM
        bne WaitVblank
        sta WSYNC
        sta VBLANK              ; A = 0: picture on

; --- score: 5 font rows x 4 lines, then lives ------------------------------------
        ldy #0
ScoreRow:
        ldx tensPtr
        lda Font,x
        and #$F0
        sta temp
        ldx onesPtr
        lda Font,x
        and #$0F
        ora temp
        ldx #4
ScoreLine:
        sta WSYNC
        sta PF1
        dex
        bne ScoreLine
        inc tensPtr
        inc onesPtr
        iny
        cpy #5
        bne ScoreRow
        sta WSYNC
        lda #0
        sta PF1
        ldx lives               ; lives as blocks in PF2
        lda LivesGfx,x
        sta WSYNC
        sta PF2
        sta WSYNC
        sta WSYNC
        lda #0
        sta PF2
        sta WSYNC               ; 20 + 4 lines of score area done

; --- play field: FIELD_LINES lines, basket (P0) and egg (P1) ----------------------
        lda #BASKET_LINE+SPRITE_H
        sta basketRow
        lda eggY
        clc
        adc #SPRITE_H
        sta eggRow
        ldy #FIELD_LINES
FieldLine:
        lda #0
        dec eggRow
        ldx eggRow
        cpx #SPRITE_H
        bcs NoEgg
        lda EggGfx,x
NoEgg:
        sta temp
        lda #0
        dec basketRow
        ldx basketRow
        cpx #SPRITE_H
        bcs NoBasket
        lda BasketGfx,x
NoBasket:
        sta WSYNC
        sta GRP0
        lda temp
        sta GRP1
        dey
        bne FieldLine

        sta WSYNC
        lda #0
        sta GRP0
        sta GRP1
        lda #$C6                ; green ground
        sta COLUBK
        ldx #6
Ground:
        sta WSYNC
        dex
        bne Ground

; --- overscan: 30 lines ------------------------------------------------------------
        lda #2
        sta VBLANK
        lda #35
        sta TIM64T
WaitOverscan:
        lda INTIM
        bne WaitOverscan
        jmp Frame

; --- game logic ----------------------------------------------------------------------
MoveBasket:
        lda SWCHA
        asl                     ; bit 7 (right, 0 = pressed) into carry
        bcs NotRight
        lda basketX
        cmp #MAX_X
        bcs NotRight
        adc #2
        sta basketX
        rts
NotRight:
        lda SWCHA
        and #$40                ; bit 6: left
        bne NotLeft
        lda basketX
        cmp #MIN_X+1
        bcc NotLeft
        sbc #2
        sta basketX
NotLeft:
        rts

MoveEgg:
        lda eggY
        sta temp                ; where the egg was
        lda score               ; speed: 1 + tens digit of the score, at most 4
        lsr
        lsr
        lsr
        lsr
        cmp #3
        bcc SpeedOk
        lda #3
SpeedOk:
        sec
        adc eggY
        sta eggY
        lda temp                ; judge the catch once, when the egg
        cmp #CATCH_LINE         ; crosses the basket's rim
        bcs NotAtBasket
        lda eggY
        cmp #CATCH_LINE
        bcc NotAtBasket
        lda eggX                ; caught if within the basket's 16 pixels
        sec
        sbc basketX
        clc
        adc #6
        cmp #22
        bcs NotAtBasket
        sed                     ; caught: +1 (BCD)
        lda score
        clc
        adc #1
        sta score
        lda scoreHi
        adc #0
        sta scoreHi
        cld
        jmp NewEgg
NotAtBasket:
        lda eggY
        cmp #FIELD_LINES-SPRITE_H
        bcc EggDone
        dec lives               ; reached the ground: a life lost
        bne NewEgg
        lda #1
        sta gameOver
        lda #200                ; egg parked below the field
        sta eggY
EggDone:
        rts

NewEgg:
        lda rng                 ; next LFSR value
        lsr
        bcc NoTap
        eor #$B8
NoTap:
        sta rng
        and #$7F                ; 0..127, then 8..135 plus a bit more
        clc
        adc #MIN_X
        sta eggX
        lda #0
        sta eggY
        rts

ScoreDigits:
        lda score
        and #$0F
        sta temp
        asl
        asl
        adc temp                ; ones digit x 5
        sta onesPtr
        lda score
        lsr
        lsr
        lsr
        lsr
        sta temp
        asl
        asl
        adc temp                ; tens digit x 5
        sta tensPtr
        rts

; A = x, X = object (0 = P0, 1 = P1): coarse position with RESPx, fine with HMxx.
PosObject:
        sec
        sta WSYNC
Divide:
        sbc #15
        bcs Divide
        eor #7
        asl
        asl
        asl
        asl
        sta HMP0,x
        sta RESP0,x
        rts

; --- graphics ------------------------------------------------------------------------
        align 256
; Digits 0-9, 5 rows each, the 4-pixel glyph in both nibbles.
Font:
        .byte $EE,$AA,$AA,$AA,$EE   ; 0
        .byte $22,$22,$22,$22,$22   ; 1
        .byte $EE,$22,$EE,$88,$EE   ; 2
        .byte $EE,$22,$66,$22,$EE   ; 3
        .byte $AA,$AA,$EE,$22,$22   ; 4
        .byte $EE,$88,$EE,$22,$EE   ; 5
        .byte $EE,$88,$EE,$AA,$EE   ; 6
        .byte $EE,$22,$22,$22,$22   ; 7
        .byte $EE,$AA,$EE,$AA,$EE   ; 8
        .byte $EE,$AA,$EE,$22,$EE   ; 9
LivesGfx:
        .byte %00000000,%00000001,%00000101,%00010101
; Sprites, bottom row first (the kernel counts down).
EggGfx:
        .byte %00111100,%01111110,%11111111,%11111111,%11111111,%01111110,%00111100,%00011000
BasketGfx:
        .byte %01111110,%11111111,%11111111,%10000001,%10000001,%10000001,%10000001,%10000001

        org $FFFC
        .word Reset
        .word Reset
