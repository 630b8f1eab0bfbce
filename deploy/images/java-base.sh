#!/usr/bin/env bash
# Builds the Java base image of every vpnplane image without a Docker daemon or a download:
# a jlink'ed Java 25 runtime from the local JDK plus exactly the host's shared libraries it links
# against, written as an OCI image layout and copied to the registry with skopeo.
#
#   deploy/images/java-base.sh JAVA_HOME WORKDIR IMAGE      e.g. ... 127.0.0.1:5000/vpnplane/java-base:25
set -euo pipefail
java_home=$1 image=$3
mkdir -p "$2" && work=$(cd "$2" && pwd)

modules=java.se,jdk.unsupported,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.zipfs,jdk.jfr,jdk.net,jdk.httpserver,jdk.crypto.cryptoki
rootfs="$work/rootfs"
layout="$work/oci"
rm -rf "$rootfs" "$layout"
mkdir -p "$rootfs/opt" "$rootfs/proc" "$rootfs/tmp" "$rootfs/etc" "$rootfs/work" "$layout/blobs/sha256"
chmod 1777 "$rootfs/tmp"

"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --output "$rootfs/opt/java"

# The libraries the runtime needs, at the paths the dynamic linker looks them up.
find "$rootfs/opt/java" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'ldd "$1" 2>/dev/null || true' _ {} \; \
  | grep -oE '(/[^ ]+)' | sort -u | while read -r lib; do
    case $lib in "$rootfs"/*) continue ;; esac
    [ -e "$lib" ] || continue
    mkdir -p "$rootfs$(dirname "$lib")"
    cp -L "$lib" "$rootfs$lib"
  done

cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/sbin/nologin
vpnplane:x:185:185:vpnplane:/work:/sbin/nologin
PASSWD
cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
vpnplane:x:185:
GROUP
echo 'hosts: files dns' >"$rootfs/etc/nsswitch.conf"

blob() { # FILE MEDIATYPE → writes the blob, prints a descriptor
  local digest size
  digest=$(sha256sum "$1" | cut -d' ' -f1)
  size=$(stat -c %s "$1")
  cp "$1" "$layout/blobs/sha256/$digest"
  printf '{"mediaType":"%s","digest":"sha256:%s","size":%s}' "$2" "$digest" "$size"
}

tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$rootfs" -cf "$work/layer.tar" .
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -f -1 "$work/layer.tar"
layer=$(blob "$work/layer.tar.gz" application/vnd.oci.image.layer.v1.tar+gzip)

cat >"$work/config.json" <<CONFIG
{"architecture":"amd64","os":"linux",
 "config":{"User":"185","WorkingDir":"/work",
   "Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},
 "history":[{"created_by":"deploy/images/java-base.sh: jlink $modules + host libraries"}]}
CONFIG
config=$(blob "$work/config.json" application/vnd.oci.image.config.v1+json)

printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":%s,"layers":[%s]}' \
  "$config" "$layer" >"$work/manifest.json"
manifest=$(blob "$work/manifest.json" application/vnd.oci.image.manifest.v1+json)
printf '{"schemaVersion":2,"manifests":[%s]}' "$manifest" >"$layout/index.json"
echo '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"

skopeo copy --quiet --dest-tls-verify=false "oci:$layout" "docker://$image"
