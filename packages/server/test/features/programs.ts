/** Hale programs the feature tests open, and a helper to open one in a fresh folder. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileUri, type LspClient } from '../lsp-client.js';

/** A small shop: two topics, a literal subject, pools, a pinned gateway, helpers and std calls. */
export const SHOP = `/// An order as it travels the bus.
type Order {
    id: Int;
    qty: Int;
}

type Light = enum { Red, Green(Int) };

/// Orders entering the shop.
topic Orders {
    payload: Order;
    subject: "shop.orders";
    keyed_by region;
}

topic Shipped { payload: Order; }

locus Registry {
    params { count: Int = 0; }
    fn bump(n: Int) -> Int { self.count = self.count + n; self.count }
}

locus Gateway {
    params {
        port: Int = 8080;
        reg: Registry = Registry { };
    }
    bus {
        publish Orders;
    }
    run() {
        while true {
            let n = std::io::tcp::recv_into(0, 0, 128);
            Orders <- Order { id: n, qty: 1 };
            self.reg.bump(1);
            std::time::sleep(10ms);
        }
    }
}

locus Warehouse {
    bus {
        subscribe Orders as on_order where key == "eu";
        publish Shipped;
        subscribe "audit" as on_audit of type Order;
    }
    fn on_order(o: Order) {
        let light = Light::Red;
        Shipped <- Order { id: o.id, qty: check(o.qty) };
    }
    fn on_audit(o: Order) { }
}

locus Auditor {
    bus {
        subscribe Shipped as on_shipped;
        publish "audit" of type Order;
    }
    fn on_shipped(o: Order) { "audit" <- o; }
}

fn check(q: Int) -> Int {
    if q > 10 { return 10; }
    q
}

main locus Shop {
    params {
        gateway: Gateway = Gateway { port: 80 };
        warehouse: Warehouse = Warehouse { };
        auditor: Auditor = Auditor { };
    }
    placement {
        gateway: pinned;
        warehouse: cooperative(pool = io);
    }
}

fn main() { Shop { }; }
`;

/** Writes `files` into a fresh folder (a program) and returns their URIs by name. */
export function programFolder(files: Record<string, string>): Record<string, string> {
    const dir = mkdtempSync(join(tmpdir(), 'hale-feature-'));
    const uris: Record<string, string> = {};
    for (const [name, text] of Object.entries(files)) {
        writeFileSync(join(dir, name), text);
        uris[name] = fileUri(join(dir, name));
    }
    return uris;
}

/** Opens a one-file program and waits for its diagnostics. */
export async function openProgram(client: LspClient, text: string, name = 'app.hl'): Promise<string> {
    const uri = programFolder({ [name]: text })[name];
    await client.open(uri, text);
    return uri;
}
