#ifndef CCURSES_H
#define CCURSES_H

#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/ncurses.h>
#include <stdio.h>
#include <wchar.h>

// Macros that Swift cannot import, as functions.
static inline attr_t ccurses_a_bold(void) { return A_BOLD; }
static inline attr_t ccurses_a_reverse(void) { return A_REVERSE; }
static inline attr_t ccurses_a_underline(void) { return A_UNDERLINE; }
static inline attr_t ccurses_a_dim(void) { return A_DIM; }
static inline int ccurses_key_f(int n) { return KEY_F(n); }
static inline mmask_t ccurses_all_mouse_events(void) { return ALL_MOUSE_EVENTS | REPORT_MOUSE_POSITION; }
static inline mmask_t ccurses_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t ccurses_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t ccurses_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t ccurses_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t ccurses_button5_pressed(void) { return BUTTON5_PRESSED; }
static inline mmask_t ccurses_report_mouse_position(void) { return REPORT_MOUSE_POSITION; }
static inline WINDOW *ccurses_stdscr(void) { return stdscr; }
static inline WINDOW *ccurses_curscr(void) { return curscr; }

// newterm on the process's own standard streams; `stdin` and `stdout` are C globals that
// Swift 6 treats as unsafe to touch. Returns NULL when the terminal type is unknown.
static inline SCREEN *ccurses_newterm(const char *type) { return newterm(type, stdout, stdin); }

// glibc declares wcwidth only under _XOPEN_SOURCE, which SwiftPM does not pass.
extern int wcwidth(wchar_t character);
static inline int ccurses_wcwidth(wchar_t character) { return wcwidth(character); }

// Draws one cell: up to CCHARW_MAX - 1 code points (a base character and its combining marks)
// with attributes and a colour pair, at (row, column) of `window`. Returns ERR or OK; the
// bottom-right cell of a window reports ERR although curses draws it.
static inline int ccurses_put_cell(
    WINDOW *window, int row, int column, const wchar_t *characters, attr_t attributes,
    short pair) {
    cchar_t cell;
    if (setcchar(&cell, characters, attributes, pair, NULL) == ERR) {
        return ERR;
    }
    return mvwadd_wch(window, row, column, &cell);
}

#endif
