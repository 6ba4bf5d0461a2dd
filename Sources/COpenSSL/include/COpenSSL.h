#ifndef COPENSSL_H
#define COPENSSL_H

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// Macros that Swift cannot import, as functions.
static inline long copenssl_ctx_set_min_proto_version(SSL_CTX *ctx, int version) {
    return SSL_CTX_set_min_proto_version(ctx, version);
}
static inline long copenssl_ctx_set_mode(SSL_CTX *ctx, long mode) { return SSL_CTX_set_mode(ctx, mode); }
static inline long copenssl_ctx_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long copenssl_set_tlsext_host_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}
static inline long copenssl_bio_get_mem_data(BIO *bio, char **data) { return BIO_get_mem_data(bio, data); }
static inline int copenssl_bio_reset(BIO *bio) { return (int)BIO_reset(bio); }
static inline void copenssl_free(void *p) { OPENSSL_free(p); }
static inline EVP_PKEY *copenssl_rsa_gen(unsigned int bits) { return EVP_RSA_gen(bits); }
static inline int copenssl_tls1_2_version(void) { return TLS1_2_VERSION; }
static inline int copenssl_tls1_3_version(void) { return TLS1_3_VERSION; }
static inline long copenssl_mode_release_buffers(void) { return SSL_MODE_RELEASE_BUFFERS; }
static inline long copenssl_mode_accept_moving_write_buffer(void) {
    return SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;
}
static inline long copenssl_mode_enable_partial_write(void) { return SSL_MODE_ENABLE_PARTIAL_WRITE; }

// Shims for the lab shell's TLS client and `openssl` commands.
static inline int copenssl_set_app_data(SSL *ssl, void *data) { return SSL_set_ex_data(ssl, 0, data); }
static inline void *copenssl_get_app_data(const SSL *ssl) { return SSL_get_ex_data(ssl, 0); }
static inline uint64_t copenssl_op_ignore_unexpected_eof(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }
static inline unsigned long copenssl_xn_flag_oneline(void) { return XN_FLAG_ONELINE; }
static inline long copenssl_get_peer_tmp_key(SSL *ssl, EVP_PKEY **key) {
    return SSL_get_peer_tmp_key(ssl, key);
}
static inline int copenssl_get_peer_signature_type_nid(const SSL *ssl, int *nid) {
    return SSL_get_peer_signature_type_nid(ssl, nid);
}
static inline int copenssl_get_peer_signature_nid(SSL *ssl, int *nid) {
    return (int)SSL_get_peer_signature_nid(ssl, nid);
}
static inline long copenssl_get_secure_renegotiation_support(SSL *ssl) {
    return SSL_get_secure_renegotiation_support(ssl);
}

#endif
